// Every rule code with its name and one-line summary: the table the CLI's SARIF output and the
// README draw from. Codes are stable; a retired rule's code is never reused.
import { Severity } from './types';

export interface RuleInfo {
  code: string;
  name: string;
  severity: Severity;
  summary: string;
}

export const RULES: readonly RuleInfo[] = [
  { code: 'CTS001', name: 'syntax-error', severity: 'error', summary: 'The file is not valid JSON (comments, trailing commas and a byte-order mark are allowed).' },
  { code: 'CTS002', name: 'unexpected-shape', severity: 'error', summary: 'The file is not a settings object, a local.settings.json or the portal\'s array.' },
  { code: 'CTS100', name: 'fqdn-missing', severity: 'error', summary: 'An event is enabled but ServiceBusNamespaceFQDN is missing or empty.' },
  { code: 'CTS101', name: 'fqdn-not-host', severity: 'error', summary: 'ServiceBusNamespaceFQDN is not the bare host name (scheme, path, port, slash, dot, white space, connection string).' },
  { code: 'CTS102', name: 'fqdn-upper-case', severity: 'warning', summary: 'ServiceBusNamespaceFQDN has upper-case letters.' },
  { code: 'CTS103', name: 'namespace-name', severity: 'error', summary: 'The namespace name breaks Azure\'s naming rules.' },
  { code: 'CTS104', name: 'unknown-cloud', severity: 'warning', summary: 'The host is not a Service Bus host of a known cloud.' },
  { code: 'CTS200', name: 'event-not-boolean', severity: 'error', summary: 'A Features:Events value that .NET does not read as a boolean.' },
  { code: 'CTS201', name: 'unknown-event', severity: 'warning', summary: 'An unknown name under Features:Events.' },
  { code: 'CTS202', name: 'functions-value-not-string', severity: 'error', summary: 'A non-string value under Values in local.settings.json.' },
  { code: 'CTS300', name: 'duplicate-setting', severity: 'warning', summary: 'The same setting twice once names are compared as .NET compares them.' },
  { code: 'CTS400', name: 'colon-in-linux-name', severity: 'error', summary: '":" in a portal setting name, which App Service on Linux does not allow (info when the OS is unknown).' },
  { code: 'CTS500', name: 'portal-name', severity: 'error', summary: 'A portal array item without a string name.' },
  { code: 'CTS501', name: 'portal-value', severity: 'error', summary: 'A portal array item without a string value.' },
  { code: 'CTS502', name: 'portal-slot-setting', severity: 'error', summary: 'A portal array item whose slotSetting is not a JSON boolean.' },
];
