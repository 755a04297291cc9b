// Run by dropped-connection.test.ts in a child process: starts the sandbox, opens a receiver link
// and a peek the sandbox never answers, stops the sandbox, closes the client, and then does
// nothing, so the process ends only if nothing (sandbox or SDK) keeps it alive.
import { ServiceBusClient } from '@azure/service-bus';
import { ServiceBusConnection, describeServiceBusError } from '../../src/core/servicebus';
import { startSandbox } from '../../src/sandbox';
import { encodeJsonEvent } from '../../src/sandbox/seed';

async function main(): Promise<void> {
  const sandbox = await startSandbox({ seed: 'none', subscriptions: ['alpha'] });
  sandbox.publish(encodeJsonEvent({ EventType: 'LOGIN', MessageBody: { n: 0 } }));
  const client = new ServiceBusClient(sandbox.connectionString);
  const receiver = client.createReceiver('CTEvents', 'alpha');
  await receiver.receiveMessages(1, { maxWaitTimeInMs: 5000 }); // a link, and a message locked on it
  const connection = new ServiceBusConnection({ kind: 'connectionString', connectionString: sandbox.connectionString });
  let held!: () => void;
  const asked = new Promise<void>((resolve) => (held = resolve));
  sandbox.faults.delayPeek = () => {
    held();
    return new Promise<void>(() => undefined);
  };
  const peek = connection.peek({ subscription: 'alpha', maxMessages: 10 }).then(
    () => 'peek answered',
    (error: unknown) => `peek failed: ${describeServiceBusError(error).replace(/:\d+\./, ':PORT.')}`,
  );
  await asked;
  console.log('peek pending');
  await sandbox.stop();
  console.log('stopped');
  console.log(await peek);
  await Promise.all([client.close(), connection.close()]);
  console.log('client closed');
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
