// Reads a Service Bus connection string for labels and routing, never handing the key on.
//
// Emulator and sandbox convention for the management HTTP port: `UseDevelopmentEmulator=true`
// routes the administration client to http://<endpoint host>:<port>, where the port is the
// connection string's `ManagementPort=N` when present (our sandbox adds it; the SDK ignores
// unknown keys) and otherwise 5300, the official emulator's management port.

import type { ConnectionTarget } from './types';

export const EMULATOR_MANAGEMENT_PORT = 5300;

const AMQPS_PORT = 5671;
const AMQP_PORT = 5672;
const WEBSOCKETS_PORT = 443;

export interface ConnectionStringInfo {
  /** Host name of the Endpoint (e.g. `contoso.servicebus.windows.net` or `localhost`). */
  host: string;
  /** Port of the Endpoint when it names one. */
  port?: number;
  entityPath?: string;
  sharedAccessKeyName?: string;
  /** Whether a key or signature is present (the secret itself is never returned). */
  hasSecret: boolean;
  usesDevelopmentEmulator: boolean;
  /** Where the administration client must go for an emulator or sandbox; undefined for Azure. */
  managementEndpoint?: string;
}

export function parseConnectionString(connectionString: string): ConnectionStringInfo {
  const fields = new Map<string, string>();
  for (const part of connectionString.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0) {
      fields.set(part.slice(0, eq).trim().toLowerCase(), part.slice(eq + 1).trim());
    }
  }
  const endpoint = fields.get('endpoint');
  const match = endpoint === undefined ? null : /^[a-z]+:\/\/([^/:]+)(?::(\d+))?/i.exec(endpoint);
  if (!match) {
    throw new Error('The connection string has no Endpoint=sb://<host> part.');
  }
  const host = match[1];
  const port = match[2] === undefined ? undefined : Number(match[2]);
  const usesDevelopmentEmulator = fields.get('usedevelopmentemulator')?.toLowerCase() === 'true';
  const managementPort = fields.get('managementport');
  if (managementPort !== undefined && !/^\d+$/.test(managementPort)) {
    throw new Error('ManagementPort in the connection string must be a port number.');
  }
  return {
    host,
    port,
    entityPath: fields.get('entitypath'),
    sharedAccessKeyName: fields.get('sharedaccesskeyname'),
    hasSecret: fields.has('sharedaccesskey') || fields.has('sharedaccesssignature'),
    usesDevelopmentEmulator,
    managementEndpoint: usesDevelopmentEmulator ? `http://${host}:${managementPort ?? EMULATOR_MANAGEMENT_PORT}` : undefined,
  };
}

/** Where a target's AMQP connection really goes: the emulator's plain port, a custom endpoint, WebSockets on 443, or AMQPS. */
export function amqpEndpointOf(target: ConnectionTarget): { host: string; port: number } {
  const webSockets = target.webSockets !== undefined;
  if (target.kind === 'connectionString') {
    const info = parseConnectionString(target.connectionString);
    return { host: info.host, port: info.port ?? (webSockets ? WEBSOCKETS_PORT : info.usesDevelopmentEmulator ? AMQP_PORT : AMQPS_PORT) };
  }
  const custom = target.customEndpointAddress === undefined ? undefined : new URL(target.customEndpointAddress);
  return {
    host: custom?.hostname ?? target.fullyQualifiedNamespace,
    port: custom?.port ? Number(custom.port) : webSockets ? WEBSOCKETS_PORT : AMQPS_PORT,
  };
}
