// The doctor's real probes: the system resolver, a TCP connect with a time limit, the
// connection's credential, and the Service Bus layer for the management feed and a peek.
import { lookup } from 'node:dns/promises';
import { connect } from 'node:net';
import { ServiceBusConnection } from './connection';
import { amqpEndpointOf, parseConnectionString } from './connection-string';
import type { DoctorProbes, DoctorTarget } from './doctor';
import { DEFAULT_TOPIC, type ConnectionTarget, type NamedCredential } from './types';

const CONNECT_TIMEOUT_MS = 5000;

function tcpConnect(host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port, timeout: CONNECT_TIMEOUT_MS });
    socket.once('connect', () => {
      socket.destroy();
      resolve();
    });
    socket.once('timeout', () => {
      socket.destroy();
      reject(Object.assign(new Error(`No answer within ${CONNECT_TIMEOUT_MS / 1000} s`), { code: 'ETIMEDOUT' }));
    });
    socket.once('error', reject);
  });
}

/** Where a target really connects, for the DNS and port steps. */
export function doctorTargetOf(target: ConnectionTarget, subscription?: string): DoctorTarget {
  const webSockets = target.webSockets !== undefined;
  const endpoint = amqpEndpointOf(target);
  const key = target.kind === 'connectionString' ? parseConnectionString(target.connectionString) : undefined;
  return {
    namespaceHost: target.kind === 'namespace' ? target.fullyQualifiedNamespace : endpoint.host,
    endpointHost: endpoint.host,
    port: endpoint.port,
    usesToken: key === undefined,
    keyName: key?.sharedAccessKeyName,
    webSockets,
    topic: DEFAULT_TOPIC,
    subscription,
  };
}

export interface RealDoctorProbes extends DoctorProbes {
  close(): Promise<void>;
}

export function createDoctorProbes(target: ConnectionTarget): RealDoctorProbes {
  let connection: ServiceBusConnection | undefined;
  const open = (): ServiceBusConnection => (connection ??= new ServiceBusConnection(target));
  return {
    lookup: async (host) => (await lookup(host, { all: true })).map((a) => a.address),
    connect: tcpConnect,
    getToken: async (scope) => {
      const credential = open().credential;
      if (!credential) {
        return undefined;
      }
      const token = await credential.getToken(scope);
      if (!token) {
        throw new Error('The credential gave no token.');
      }
      return (credential as Partial<NamedCredential>).sourceLabel;
    },
    listSubscriptions: (topic) => open().listSubscriptions(topic),
    peek: async (topic, subscription) => (await open().peek({ topic, subscription, maxMessages: 1 })).length,
    close: async () => {
      await connection?.close();
    },
  };
}
