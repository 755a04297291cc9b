// The VS Code side of connections without VS Code: what a connection node says about its kind and
// state, the doctor's Markdown report and summary, the namespaces found in app settings, and the
// tenant box.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { DoctorStep } from '../../src/core/servicebus/doctor';
import type { ConnectionProfile } from '../../src/explorer/connections';
import { kindLabel, presentConnection, sameState, stateFromError } from '../../src/explorer/connectionState';
import { doctorMarkdown, doctorSummary } from '../../src/explorer/doctorReport';
import { namespacesInSettings } from '../../src/explorer/foundNamespaces';
import { validateTenant } from '../../src/explorer/validation';

const FIXTURES = join(__dirname, '..', 'fixtures', 'settings');
const host = 'contoso-ct.servicebus.windows.net';
const vscodeAccount: ConnectionProfile = { id: 'a', label: host, kind: 'namespace', fullyQualifiedNamespace: host, signIn: 'vscode', tenantId: 'contoso.onmicrosoft.com' };
const cli: ConnectionProfile = { id: 'b', label: host, kind: 'namespace', fullyQualifiedNamespace: host, signIn: 'azure-identity' };
const legacy: ConnectionProfile = { id: 'c', label: host, kind: 'namespace', fullyQualifiedNamespace: host };
const keyed: ConnectionProfile = { id: 'd', label: 'localhost:5672', kind: 'connectionString' };

describe('connection kind and state', () => {
  it('names each kind; a namespace saved before sign-in kinds existed used the @azure/identity chain', () => {
    assert.equal(kindLabel(vscodeAccount), 'VS Code account');
    assert.equal(kindLabel(cli), 'Azure CLI / identity');
    assert.equal(kindLabel(legacy), 'Azure CLI / identity');
    assert.equal(kindLabel(keyed), 'connection string');
    assert.equal(kindLabel({ id: 'e', label: 'Local sandbox', kind: 'sandbox' }), 'local sandbox');
  });

  it('shows the kind alone until the first load, then connected, failed with the reason, or not signed in', () => {
    assert.equal(presentConnection(cli, { kind: 'unknown' }).description, 'Azure CLI / identity');
    const connected = presentConnection(keyed, { kind: 'connected' });
    assert.equal(connected.description, 'connection string · connected');
    assert.equal(connected.icon, 'key');
    assert.equal(connected.problem, false);
    const failed = presentConnection(cli, { kind: 'failed', reason: 'Could not reach the namespace: getaddrinfo ENOTFOUND.' });
    assert.equal(failed.description, 'Azure CLI / identity · failed: Could not reach the namespace: getaddrinfo ENOTFOUND.');
    assert.equal(failed.icon, 'error');
    assert.equal(failed.problem, true);
    const out = presentConnection(vscodeAccount, { kind: 'notSignedIn', reason: 'No Azure credential could sign in.' });
    assert.equal(out.description, 'VS Code account · not signed in');
    assert.equal(out.icon, 'sign-in');
    assert.match(out.tooltip, /Tenant: contoso\.onmicrosoft\.com/);
    assert.match(out.tooltip, /Not signed in: No Azure credential could sign in\./);
  });

  it('tells "not signed in" (a credential error, also under the SDK\'s retries) from other failures', () => {
    const unavailable = Object.assign(new Error('az not found'), { name: 'CredentialUnavailableError' });
    assert.equal(stateFromError(unavailable).kind, 'notSignedIn');
    assert.equal(stateFromError(new Error('wrapped', { cause: unavailable })).kind, 'notSignedIn');
    assert.equal(stateFromError(Object.assign(new Error('retries'), { errors: [new Error('first'), unavailable] })).kind, 'notSignedIn');
    const dns = stateFromError(Object.assign(new Error('getaddrinfo ENOTFOUND x'), { code: 'ENOTFOUND' }));
    assert.equal(dns.kind, 'failed');
    assert.match('reason' in dns ? dns.reason : '', /Could not reach the namespace/);
  });

  it('compares states by kind and reason, so a repeated failure does not fire again', () => {
    assert.ok(sameState({ kind: 'failed', reason: 'x' }, { kind: 'failed', reason: 'x' }));
    assert.ok(!sameState({ kind: 'failed', reason: 'x' }, { kind: 'failed', reason: 'y' }));
    assert.ok(sameState({ kind: 'connected' }, { kind: 'connected' }));
    assert.ok(!sameState({ kind: 'unknown' }, { kind: 'connected' }));
  });
});

describe('the doctor report', () => {
  const steps: DoctorStep[] = [
    { title: 'The host name is well formed', status: 'passed', detail: `${host} is a Service Bus namespace in Azure.` },
    { title: 'DNS resolves the host name', status: 'failed', detail: `${host} does not resolve (ENOTFOUND).`, fix: 'Check the spelling.' },
    { title: 'Port 5671 is reachable', status: 'skipped', detail: 'the host name does not resolve' },
  ];

  it('summarises failures by name with a tally', () => {
    assert.equal(doctorSummary(steps), '1 check failed: DNS resolves the host name (1 passed, 1 skipped).');
    assert.equal(doctorSummary([steps[0]]), 'All 1 checks passed.');
    assert.equal(doctorSummary([steps[0], steps[2]]), 'No check failed (1 passed, 1 skipped).');
  });

  it('writes one numbered section per step with its status, detail and fix, markup in values escaped', () => {
    const text = doctorMarkdown({ label: 'my *bus*', kind: 'Azure CLI / identity', checkedAt: '2025-01-02T03:04:05.000Z' }, steps);
    assert.match(text, /^# Check Connection: my \\\*bus\\\*\n/);
    assert.match(text, /Signs in with: Azure CLI \/ identity · checked 2025-01-02T03:04:05\.000Z/);
    assert.match(text, /\*\*1 check failed: DNS resolves the host name \(1 passed, 1 skipped\)\.\*\*/);
    assert.match(text, /## 1\. ✅ Passed: The host name is well formed\n\ncontoso-ct\.servicebus\.windows\.net is a Service Bus namespace in Azure\./);
    assert.match(text, /## 2\. ❌ Failed: DNS resolves the host name\n\n.*\(ENOTFOUND\)\.\n\n\*\*Fix:\*\* Check the spelling\./);
    assert.match(text, /## 3\. ⏭️ Skipped: Port 5671 is reachable\n\nthe host name does not resolve\n$/);
  });
});

describe('namespaces found in app settings', () => {
  const read = (name: string): { name: string; text: string } => ({ name, text: readFileSync(join(FIXTURES, name), 'utf8') });

  it('offers clean host names, lower-cased and merged across files, and never a connection string or URL', () => {
    const found = namespacesInSettings([
      read('appsettings.valid.json'),
      read('portal-advanced-edit.json'),
      read('appsettings.namespace.json'),
      read('appsettings.connection-string.json'),
      read('appsettings.broken.json'),
      read('appsettings.empty-fqdn.json'),
      { name: 'other/appsettings.json', text: '{ "ServiceBusNamespaceFQDN": "Contoso-Learning.servicebus.windows.net" }' },
      { name: 'local.settings.json', text: '{ "IsEncrypted": false, "Values": { "ServiceBusNamespaceFQDN": "ct-gov-01.servicebus.usgovcloudapi.net" } }' },
      { name: 'appsettings.syntax.json', text: '{ "ServiceBusNamespaceFQDN": ' },
    ]);
    assert.deepEqual(found, [
      { host: 'contoso-learning.servicebus.windows.net', files: ['appsettings.valid.json', 'portal-advanced-edit.json', 'other/appsettings.json'] },
      { host: 'ct-gov-01.servicebus.usgovcloudapi.net', files: ['local.settings.json'] },
    ]);
    assert.ok(!JSON.stringify(found).includes('SharedAccessKey'));
  });
});

describe('validateTenant', () => {
  it('accepts nothing (the home tenant), a tenant id or a domain; refuses anything else with a sentence', () => {
    for (const value of ['', '  ', '72f988bf-86f1-41af-91ab-2d7cd011db47', 'contoso.onmicrosoft.com']) {
      assert.equal(validateTenant(value), undefined, value);
    }
    for (const value of ['contoso', 'https://login.microsoftonline.com/contoso', 'not a tenant']) {
      assert.match(validateTenant(value) ?? '', /tenant id/, value);
    }
  });
});
