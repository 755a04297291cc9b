// The usual world of an integration suite: a sandbox started before its tests, a plain SDK client
// (to send and receive as another program would) and the product's connection to it, all closed
// after. Call it inside `describe`; read the fields in tests and hooks, once `before` has run.
import { after, before } from 'node:test';
import { ServiceBusClient } from '@azure/service-bus';
import { ServiceBusConnection } from '../../src/core/servicebus';
import { type RunningSandbox, type SandboxOptions, startSandbox } from '../../src/sandbox';

export interface SandboxSession {
  sandbox: RunningSandbox;
  client: ServiceBusClient;
  connection: ServiceBusConnection;
}

export function sandboxSession(options: SandboxOptions): SandboxSession {
  const session = {} as SandboxSession;
  before(async () => {
    session.sandbox = await startSandbox(options);
    session.client = new ServiceBusClient(session.sandbox.connectionString);
    session.connection = new ServiceBusConnection({ kind: 'connectionString', connectionString: session.sandbox.connectionString });
  });
  after(async () => {
    await session.connection?.close();
    await session.client?.close();
    await session.sandbox?.stop();
  });
  return session;
}
