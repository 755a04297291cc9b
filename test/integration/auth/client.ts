// The Service Bus layer in a child process that trusts the sandbox's certificate through
// NODE_EXTRA_CA_CERTS (read only at start-up): signs in with the real @azure/identity chain
// (narrowed by AZURE_TOKEN_CREDENTIALS) and prints what each asked operation gave, as JSON.
import { ServiceBusConnection, describeServiceBusError } from '../../../src/core/servicebus';
import { IdentityChainCredential } from '../../../src/core/servicebus/credentials';

export interface ClientRequest {
  host: string;
  amqpTlsPort: number;
  adminTlsPort: number;
  operations: Array<'counts' | 'peek'>;
  maxMessages?: number;
}

export type OperationResult = { ok: true; value: unknown } | { ok: false; message: string };

export interface ClientReport {
  results: Record<string, OperationResult>;
  source?: string;
}

async function main(): Promise<void> {
  const request = JSON.parse(process.argv[2]) as ClientRequest;
  const credential = new IdentityChainCredential({ host: request.host });
  const connection = new ServiceBusConnection({
    kind: 'namespace',
    fullyQualifiedNamespace: request.host,
    credential,
    customEndpointAddress: `sb://localhost:${request.amqpTlsPort}`,
    managementEndpoint: `https://localhost:${request.adminTlsPort}`,
  });
  const report: ClientReport = { results: {} };
  try {
    for (const operation of request.operations) {
      try {
        const value = operation === 'counts'
          ? (await connection.listSubscriptions()).map((s) => [s.name, s.activeMessageCount])
          : (await connection.peek({ subscription: 'alpha', maxMessages: request.maxMessages ?? 100 })).map((m) => m.sequenceNumber);
        report.results[operation] = { ok: true, value };
      } catch (error) {
        report.results[operation] = { ok: false, message: describeServiceBusError(error) };
      }
    }
  } finally {
    await connection.close();
  }
  report.source = credential.sourceLabel;
  process.stdout.write(JSON.stringify(report));
}

void main();
