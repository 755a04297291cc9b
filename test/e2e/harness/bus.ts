// What the tests ask of the bus directly, with the real @azure/service-bus: the counts the
// administration client reports (the reference the tree is checked against) and a dead-letter
// done by a consumer, independently of the extension under test.
import { ServiceBusAdministrationClient, ServiceBusClient } from '@azure/service-bus';

export interface ReportedCounts {
  active: number;
  deadLetter: number;
}

/** The sandbox's connection string names its management HTTP port (the emulator convention keeps it apart). */
function managementPort(connectionString: string): number {
  const match = /(?:^|;)ManagementPort=(\d+)/i.exec(connectionString);
  if (!match) {
    throw new Error('The sandbox connection string has no ManagementPort.');
  }
  return Number(match[1]);
}

/** Counts of every subscription of the topic, as ServiceBusAdministrationClient reports them. */
export async function administrationCounts(connectionString: string, topic: string): Promise<Map<string, ReportedCounts>> {
  const client = new ServiceBusAdministrationClient(connectionString);
  const port = managementPort(connectionString);
  // The client always builds https://<endpoint host>/… URLs; send them to the sandbox's plain HTTP port.
  client.pipeline.addPolicy({
    name: 'e2e-sandbox-management-port',
    sendRequest: (request, next) => {
      const url = new URL(request.url);
      url.protocol = 'http:';
      url.port = String(port);
      request.url = url.toString();
      request.allowInsecureConnection = true;
      return next(request);
    },
  });
  const counts = new Map<string, ReportedCounts>();
  for await (const properties of client.listSubscriptionsRuntimeProperties(topic)) {
    counts.set(properties.subscriptionName, { active: properties.activeMessageCount, deadLetter: properties.deadLetterMessageCount });
  }
  return counts;
}

/** Receives the oldest message of a subscription under a lock and dead-letters it; returns its sequence number. */
export async function deadLetterOldest(connectionString: string, topic: string, subscription: string, reason: string): Promise<string> {
  const client = new ServiceBusClient(connectionString);
  try {
    const receiver = client.createReceiver(topic, subscription, { receiveMode: 'peekLock' });
    const [message] = await receiver.receiveMessages(1, { maxWaitTimeInMs: 10_000 });
    if (!message) {
      throw new Error(`Subscription ${subscription} had no message to dead-letter.`);
    }
    await receiver.deadLetterMessage(message, { deadLetterReason: reason, deadLetterErrorDescription: 'dead-lettered by the end-to-end test' });
    await receiver.close();
    return String(message.sequenceNumber);
  } finally {
    await client.close();
  }
}
