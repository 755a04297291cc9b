// Checks for what a user types when adding a connection. Pure (no vscode) so unit tests can run them.
// Each returns undefined when the value is fine, or one sentence saying what to change.
import { type ConnectionStringInfo, parseConnectionString } from '../core/servicebus/connection-string';

const SERVICE_BUS_SUFFIXES = ['.servicebus.windows.net', '.servicebus.chinacloudapi.cn', '.servicebus.usgovcloudapi.net'];

// Namespace names: 6-50 characters, letters, digits and hyphens, start with a letter, end with a
// letter or digit, and never end in -sb or -mgmt (Azure refuses those names).
const NAMESPACE_NAME = /^[a-z][a-z0-9-]{4,48}[a-z0-9]$/i;

export function validateHostName(input: string): string | undefined {
  const value = input.trim();
  if (value === '') {
    return 'Enter the namespace host name, for example contoso-ct.servicebus.windows.net.';
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) {
    return 'Leave out the scheme (sb:// or https://): enter only the host name, for example contoso-ct.servicebus.windows.net.';
  }
  if (/[/:?#@\s]/.test(value)) {
    return 'Enter only the host name, without a path, port or spaces.';
  }
  const suffix = SERVICE_BUS_SUFFIXES.find((s) => value.toLowerCase().endsWith(s));
  if (!suffix) {
    return `A Service Bus host name ends in ${SERVICE_BUS_SUFFIXES.join(', ')}.`;
  }
  const namespace = value.slice(0, value.length - suffix.length);
  if (!NAMESPACE_NAME.test(namespace) || /-(sb|mgmt)$/i.test(namespace)) {
    return `"${namespace}" is not a valid namespace name: 6-50 letters, digits and hyphens, starting with a letter, ending with a letter or digit, not ending in -sb or -mgmt.`;
  }
  return undefined;
}

// A GUID, or a verified domain such as contoso.onmicrosoft.com.
const TENANT = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[a-z0-9-]+(\.[a-z0-9-]+)+)$/i;

/** The optional tenant of a namespace connection: empty (the home tenant), a tenant id or a domain. */
export function validateTenant(input: string): string | undefined {
  const value = input.trim();
  return value === '' || TENANT.test(value) ? undefined : 'Enter a tenant id (a GUID) or domain (contoso.onmicrosoft.com), or leave it empty for your home tenant.';
}

export function validateConnectionString(input: string): string | undefined {
  const value = input.trim();
  if (value === '') {
    return 'Paste a Service Bus connection string (Endpoint=sb://...;SharedAccessKeyName=...;SharedAccessKey=...).';
  }
  let info: ConnectionStringInfo;
  try {
    info = parseConnectionString(value);
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  if (!info.hasSecret) {
    return 'The connection string needs SharedAccessKeyName and SharedAccessKey (or a SharedAccessSignature).';
  }
  return undefined;
}

/** The host (and port, if any) of a connection string's Endpoint: a safe label that holds no secret. */
export function connectionStringLabel(connectionString: string): string {
  const info = parseConnectionString(connectionString.trim());
  return info.port === undefined ? info.host : `${info.host}:${info.port}`;
}
