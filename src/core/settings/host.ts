// Judges a ServiceBusNamespaceFQDN value: the host name alone, lower case, a valid namespace
// name, and the Service Bus suffix of a known cloud. Messages never repeat a pasted connection
// string, which may carry a key.
import { FQDN_SETTING, KNOWN_CLOUD_SUFFIXES } from './catalog';
import { nearest } from './nearest';
import { Severity } from './types';

export interface HostFinding {
  code: 'CTS101' | 'CTS102' | 'CTS103' | 'CTS104';
  severity: Severity;
  message: string;
  /** The value that fixes the finding, when the right edit is clear. */
  replacement?: string;
}

export function checkNamespaceHost(raw: string): HostFinding[] {
  if (raw.trim() === '') {
    return []; // an empty namespace is the missing-FQDN rule's business
  }
  const connection = /(?:^|;)\s*endpoint\s*=\s*([^;]*)/i.exec(raw);
  if (connection || /sharedaccess(key|signature)/i.test(raw)) {
    const host = connection ? bareHost(connection[1]).host : '';
    return [{
      code: 'CTS101',
      severity: 'error',
      message: `${FQDN_SETTING} holds a whole connection string; it takes the namespace host name alone${host ? ` (${host})` : ''}, and keys do not belong in app settings.`,
      replacement: host || undefined,
    }];
  }
  const { host, reasons } = bareHost(raw);
  if (reasons.length > 0) {
    const usable = host.length > 0 && !/\s/.test(host);
    return [{
      code: 'CTS101',
      severity: 'error',
      message: `${FQDN_SETTING} must be the host name alone, without ${joinWords(reasons)}${usable ? `: use ${host}` : ''}.`,
      replacement: usable ? host : undefined,
    }];
  }
  if (host.length === 0) {
    return [];
  }
  const findings: HostFinding[] = [];
  const lower = host.toLowerCase();
  if (lower !== host) {
    findings.push({ code: 'CTS102', severity: 'warning', message: `${FQDN_SETTING} has upper-case letters; write the host name in lower case, as Azure shows it: ${lower}.`, replacement: lower });
  }
  const dot = lower.indexOf('.');
  if (dot < 0) {
    const suggestion = `${lower}.${KNOWN_CLOUD_SUFFIXES[0]}`;
    findings.push({ code: 'CTS101', severity: 'error', message: `${FQDN_SETTING} holds a namespace name, not a host name: use ${suggestion} (public cloud) or the host of your cloud.`, replacement: suggestion });
    return findings;
  }
  const namespace = lower.slice(0, dot);
  const suffix = lower.slice(dot + 1);
  const namespaceProblems = checkNamespaceName(namespace);
  if (namespaceProblems.length > 0) {
    findings.push({ code: 'CTS103', severity: 'error', message: `The namespace name "${namespace}" breaks Azure's rules: it ${joinWords(namespaceProblems)}.` });
  }
  if (!KNOWN_CLOUD_SUFFIXES.includes(suffix)) {
    const near = nearest(suffix, KNOWN_CLOUD_SUFFIXES);
    findings.push({
      code: 'CTS104',
      severity: 'warning',
      message: `"${suffix}" is not the Service Bus host of a known cloud (${KNOWN_CLOUD_SUFFIXES.join(', ')})${near ? `; did you mean ${namespace}.${near}?` : '.'}`,
      replacement: near ? `${namespace}.${near}` : undefined,
    });
  }
  return findings;
}

/** Azure's rules for a Service Bus namespace name; each broken rule as a phrase. */
export function checkNamespaceName(name: string): string[] {
  const problems: string[] = [];
  if (name.length < 6 || name.length > 50) {
    problems.push(`has ${name.length} characters where 6 to 50 are allowed`);
  }
  if (/[^a-z0-9-]/i.test(name)) {
    problems.push('may hold only letters, digits and hyphens');
  }
  if (!/^[a-z]/i.test(name)) {
    problems.push('must start with a letter');
  }
  if (!/[a-z0-9]$/i.test(name)) {
    problems.push('must end with a letter or digit');
  }
  if (/-(sb|mgmt)$/i.test(name)) {
    problems.push('may not end in -sb or -mgmt');
  }
  return problems;
}

/** Strips what a host name may not carry, naming each thing removed. */
function bareHost(raw: string): { host: string; reasons: string[] } {
  const reasons: string[] = [];
  let host = raw;
  if (host !== host.trim()) {
    reasons.push('surrounding white space');
    host = host.trim();
  }
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(host);
  if (scheme) {
    reasons.push(`a scheme (${scheme[0]})`);
    host = host.slice(scheme[0].length);
  }
  const pathStart = host.search(/[/?#]/);
  if (pathStart >= 0) {
    reasons.push(host.slice(pathStart) === '/' ? 'a trailing slash' : 'a path');
    host = host.slice(0, pathStart);
  }
  const port = /:\d*$/.exec(host);
  if (port) {
    reasons.push('a port');
    host = host.slice(0, port.index);
  }
  const dots = /\.+$/.exec(host);
  if (dots) {
    reasons.push('a trailing dot');
    host = host.slice(0, dots.index);
  }
  if (/\s/.test(host)) {
    reasons.push('white space');
  }
  return { host, reasons };
}

export function joinWords(words: readonly string[]): string {
  return words.length <= 1 ? words.join('') : `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}
