// What the Add Namespace and Add Connection String input boxes accept and refuse.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { connectionStringLabel, validateConnectionString, validateHostName } from '../../src/explorer/validation';

describe('validateHostName', () => {
  it('accepts bare Service Bus host names, public and sovereign', () => {
    for (const host of ['contoso-ct.servicebus.windows.net', ' Contoso-CT.servicebus.windows.net ', 'ct-china1.servicebus.chinacloudapi.cn', 'ctgov01.servicebus.usgovcloudapi.net']) {
      assert.equal(validateHostName(host), undefined, host);
    }
  });

  it('refuses a scheme, a path, a port and other clouds with a sentence saying what to change', () => {
    assert.match(validateHostName('sb://contoso-ct.servicebus.windows.net/') ?? '', /scheme/);
    assert.match(validateHostName('contoso-ct.servicebus.windows.net/CTEvents') ?? '', /only the host name/);
    assert.match(validateHostName('contoso-ct.servicebus.windows.net:5671') ?? '', /only the host name/);
    assert.match(validateHostName('contoso.example.com') ?? '', /ends in \.servicebus\.windows\.net/);
    assert.match(validateHostName('') ?? '', /Enter the namespace host name/);
  });

  it('refuses namespace names Azure does not allow', () => {
    for (const name of ['abc', '1contoso', 'contoso-', 'contoso-sb', 'contoso-mgmt', 'con_toso']) {
      assert.match(validateHostName(`${name}.servicebus.windows.net`) ?? '', /not a valid namespace name/, name);
    }
  });
});

describe('validateConnectionString', () => {
  const good = 'Endpoint=sb://localhost:5672;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=abc=;UseDevelopmentEmulator=true';

  it('accepts key and signature connection strings', () => {
    assert.equal(validateConnectionString(good), undefined);
    assert.equal(validateConnectionString('Endpoint=sb://contoso-ct.servicebus.windows.net/;SharedAccessSignature=SharedAccessSignature sr=x&sig=y'), undefined);
  });

  it('requires an Endpoint and a key', () => {
    assert.match(validateConnectionString('SharedAccessKeyName=a;SharedAccessKey=b') ?? '', /no Endpoint/);
    assert.match(validateConnectionString('Endpoint=contoso-ct.servicebus.windows.net;SharedAccessKeyName=a;SharedAccessKey=b') ?? '', /no Endpoint/);
    assert.match(validateConnectionString('Endpoint=sb://contoso-ct.servicebus.windows.net/') ?? '', /SharedAccessKey/);
  });

  it('labels a connection by its endpoint host, never by its key', () => {
    assert.equal(connectionStringLabel(good), 'localhost:5672');
    assert.equal(connectionStringLabel('Endpoint=sb://contoso-ct.servicebus.windows.net/;SharedAccessKeyName=a;SharedAccessKey=secret'), 'contoso-ct.servicebus.windows.net');
  });
});
