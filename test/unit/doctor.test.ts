// The doctor's steps over fake probes: order, statuses, and the fixes people need to read.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type DoctorProbes, type DoctorTarget, doctorFailed, formatDoctorReport, runDoctor } from '../../src/core/servicebus/doctor';
import { cloudForHost, SERVICE_BUS_SCOPE } from '../../src/core/servicebus/clouds';
import { identitySourcesFrom } from '../../src/core/servicebus/credentials';

const TARGET: DoctorTarget = {
  namespaceHost: 'contoso-ct.servicebus.windows.net', endpointHost: 'contoso-ct.servicebus.windows.net', port: 5671,
  usesToken: true, webSockets: false, topic: 'CTEvents',
};

const counts = (name: string) => ({
  name, activeMessageCount: 3, deadLetterMessageCount: 1, scheduledMessageCount: 0, transferMessageCount: 0, transferDeadLetterMessageCount: 0, totalMessageCount: 4,
});

function probes(overrides: Partial<DoctorProbes> = {}): DoctorProbes {
  return {
    lookup: async () => ['10.1.2.3'],
    connect: async () => undefined,
    getToken: async () => 'Azure CLI (az login)',
    listSubscriptions: async () => [counts('alpha'), counts('beta')],
    peek: async () => 1,
    ...overrides,
  };
}

const statuses = (steps: { status: string }[]): string[] => steps.map((s) => s.status);
const refused = (claim: string) => Object.assign(new Error(`Unauthorized access. '${claim}' claim(s) are required to perform this operation.`), { code: 'UnauthorizedAccess' });

describe('doctor', () => {
  test('everything works: eight passed steps naming the credential and the subscriptions', async () => {
    const steps = await runDoctor(TARGET, probes());
    assert.deepEqual(statuses(steps), ['passed', 'passed', 'passed', 'passed', 'passed', 'passed', 'passed', 'passed']);
    assert.match(steps[3].detail, /Azure CLI \(az login\)/);
    assert.match(steps[7].detail, /^alpha \(3 active, 1 dead-lettered\); beta/);
    assert.equal(doctorFailed(steps), false);
  });

  test('a malformed host fails the first step and skips the rest', async () => {
    const steps = await runDoctor({ ...TARGET, namespaceHost: 'https://contoso/' }, probes());
    assert.deepEqual(statuses(steps), ['failed', 'skipped', 'skipped', 'skipped', 'skipped', 'skipped', 'skipped', 'skipped']);
    assert.match(steps[0].fix ?? '', /host name alone/);
  });

  test('a host that does not resolve fails the DNS step with a fix', async () => {
    const steps = await runDoctor(TARGET, probes({ lookup: () => Promise.reject(Object.assign(new Error('not found'), { code: 'ENOTFOUND' })) }));
    assert.deepEqual(statuses(steps).slice(0, 3), ['passed', 'failed', 'skipped']);
    assert.match(steps[1].detail, /ENOTFOUND/);
    assert.match(steps[1].fix ?? '', /Overview page/);
    assert.equal(doctorFailed(steps), true);
  });

  test('a blocked 5671 suggests WebSockets', async () => {
    const steps = await runDoctor(TARGET, probes({ connect: () => Promise.reject(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })) }));
    assert.deepEqual(statuses(steps).slice(1, 4), ['passed', 'failed', 'skipped']);
    assert.match(steps[2].fix ?? '', /ctEvents\.useWebSockets/);
  });

  test('not signed in fails the token step', async () => {
    const error = Object.assign(new Error('Not signed in'), { name: 'CredentialUnavailableError' });
    const steps = await runDoctor(TARGET, probes({ getToken: () => Promise.reject(error) }));
    assert.equal(steps[3].status, 'failed');
    assert.match(steps[3].fix ?? '', /az login/);
  });

  test('Data Receiver: peek passes, counts fail naming Data Owner and the IAM page', async () => {
    const steps = await runDoctor({ ...TARGET, subscription: 'alpha' }, probes({ listSubscriptions: () => Promise.reject(refused('Manage')) }));
    const byTitle = new Map(steps.map((s) => [s.title, s]));
    assert.equal(byTitle.get('You can peek (Azure Service Bus Data Receiver or more)')?.status, 'passed');
    const countsStep = byTitle.get('You can read counts (Azure Service Bus Data Owner)');
    assert.equal(countsStep?.status, 'failed');
    assert.match(countsStep?.fix ?? '', /"Azure Service Bus Data Owner".*Access control \(IAM\)/);
    assert.equal(byTitle.get('The CTEvents topic exists')?.status, 'passed');
    assert.equal(byTitle.get('Subscriptions')?.status, 'skipped');
  });

  test('a missing topic fails that step', async () => {
    const missing = Object.assign(new Error('The messaging entity CTEvents does not exist.'), { statusCode: 404 });
    const steps = await runDoctor(TARGET, probes({ listSubscriptions: () => Promise.reject(missing) }));
    assert.deepEqual(statuses(steps).slice(4), ['failed', 'skipped', 'skipped', 'skipped']);
  });

  test('a wrong key names the key and says to copy the connection string again, not a role', async () => {
    // Azure's answer to a token signed with another key.
    const wrongKey = Object.assign(new Error('InvalidSignature: The token has an invalid signature. TrackingId:1'), { statusCode: 401 });
    const steps = await runDoctor(
      { ...TARGET, usesToken: false, keyName: 'ListenOnly', subscription: 'alpha' },
      probes({ listSubscriptions: () => Promise.reject(wrongKey), peek: () => Promise.reject(wrongKey) }),
    );
    assert.deepEqual(statuses(steps).slice(3), ['skipped', 'skipped', 'skipped', 'failed', 'skipped']);
    const countsStep = steps[6];
    assert.match(countsStep.detail, /^The key does not match key name ListenOnly \(/);
    assert.match(countsStep.fix ?? '', /^Copy the connection string again/);
    assert.doesNotMatch(formatDoctorReport(steps), /Data Owner" role|Data Receiver" role/);
    assert.match(steps[5].detail, /refused the key/);
  });

  test('a missing claim with a token still names the role', async () => {
    const steps = await runDoctor(TARGET, probes({ listSubscriptions: () => Promise.reject(refused('Manage')) }));
    assert.match(steps[6].fix ?? '', /Data Owner/);
  });

  test('a silent management feed is not a missing role: subscriptions say the feed could not be read', async () => {
    const silent = Object.assign(new Error('No answer from localhost:5300 within 15 s: something accepts connections there but says nothing.'), { name: 'NoAnswerError' });
    const steps = await runDoctor({ ...TARGET, subscription: 'alpha' }, probes({ listSubscriptions: () => Promise.reject(silent) }));
    assert.equal(steps[6].status, 'failed');
    assert.match(steps[6].detail, /^No answer from localhost:5300 within 15 s/);
    assert.equal(steps[6].fix, undefined);
    assert.match(steps[7].detail, /^Not checked: the management feed could not be read/);
  });

  test('a connection string skips the token step; the report is plain text', async () => {
    const steps = await runDoctor({ ...TARGET, usesToken: false }, probes());
    assert.equal(steps[3].status, 'skipped');
    assert.match(formatDoctorReport(steps), /^PASSED  The host name is well formed\n/);
  });
});

describe('clouds and the identity chain', () => {
  test('host suffixes pick the authority', () => {
    assert.equal(cloudForHost('a.servicebus.windows.net').authorityHost, 'https://login.microsoftonline.com');
    assert.equal(cloudForHost('a.servicebus.chinacloudapi.cn').authorityHost, 'https://login.chinacloudapi.cn');
    assert.equal(cloudForHost('A.SERVICEBUS.USGOVCLOUDAPI.NET').authorityHost, 'https://login.microsoftonline.us');
    assert.equal(cloudForHost('localhost').name, 'AzurePublicCloud');
    assert.equal(SERVICE_BUS_SCOPE, 'https://servicebus.azure.net/.default');
  });

  test('AZURE_TOKEN_CREDENTIALS narrows the chain like DefaultAzureCredential', () => {
    assert.deepEqual(identitySourcesFrom('dev'), ['azureCli', 'azureDeveloperCli', 'azurePowerShell']);
    assert.deepEqual(identitySourcesFrom('prod'), ['environment', 'workloadIdentity', 'managedIdentity']);
    assert.deepEqual(identitySourcesFrom('AzureCliCredential'), ['azureCli']);
    assert.equal(identitySourcesFrom(undefined).length, 6);
  });
});
