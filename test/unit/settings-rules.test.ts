// The exact diagnostics of every settings fixture, and the rules' finer points on small texts.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RULES } from '../../src/core/settings';
import { applyFix, baseEntries, lintFixture, lintText } from './settings-helpers';

describe('fixtures named by the issue', () => {
  it('appsettings.valid.json gives nothing', () => {
    assert.deepEqual(lintFixture('appsettings.valid.json').found, []);
  });

  it('appsettings.broken.json gives the FQDN error, yes, CourseStrat and the duplicate', () => {
    const { text, found, diagnostics } = lintFixture('appsettings.broken.json');
    assert.deepEqual(found, [
      ['CTS101', 'error', 2, 30],
      ['CTS200', 'error', 3, 28],
      ['CTS201', 'warning', 4, 20],
      ['CTS300', 'warning', 5, 3],
      ['CTS300', 'warning', 6, 3],
    ]);
    const [fqdn, yes, strat, dupA, dupB] = diagnostics;
    assert.equal(fqdn.fixes.length, 1);
    assert.match(applyFix(text, fqdn.fixes[0]), /"ServiceBusNamespaceFQDN": "contoso-learning\.servicebus\.windows\.net",/);
    assert.deepEqual(yes.fixes.map((f) => f.title), ['Use True', 'Use False']);
    assert.equal(yes.fixes[0].preferred, true);
    assert.match(applyFix(text, yes.fixes[0]), /"Features:Events:Login": "True"/);
    assert.match(applyFix(text, strat.fixes[0]), /"Features:Events:CourseStart": "True"/);
    // One JSON file with a repeated key stops .NET at startup; merged sources use the later value.
    assert.match(dupA.message, /^Features:Events:CourseCompletion is set twice \(also on line 6; /);
    assert.match(dupB.message, /^features:events:coursecompletion is set twice \(also on line 5; /);
    for (const dup of [dupA, dupB]) {
      assert.match(dup.message, /refuses a file with duplicate keys at startup \("A duplicate key was found"\)/);
      assert.match(dup.message, /the later value "False" wins\.$/);
    }
  });

  it('local.settings.json gives the missing FQDN on the enabled event', () => {
    const { found, diagnostics } = lintFixture('local.settings.json');
    assert.deepEqual(found, [['CTS100', 'error', 6, 5]]);
    assert.match(diagnostics[0].message, /MODULE_COMPLETION/);
  });

  it('portal-advanced-edit.json gives the ":" name and the non-boolean "1"', () => {
    assert.deepEqual(lintFixture('portal-advanced-edit.json').found, [
      ['CTS400', 'info', 13, 13],
      ['CTS200', 'error', 14, 14],
    ]);
  });

  it('portal-advanced-edit.json: ":" is an error with --os linux, nothing with windows', () => {
    const linux = lintFixture('portal-advanced-edit.json', { os: 'linux' });
    assert.deepEqual(linux.found[0], ['CTS400', 'error', 13, 13]);
    assert.match(applyFix(linux.text, linux.diagnostics[0].fixes[0]), /"name": "Features__Events__CourseStart"/);
    assert.deepEqual(lintFixture('portal-advanced-edit.json', { os: 'windows' }).found, [['CTS200', 'error', 14, 14]]);
  });
});

describe('fixtures per rule', () => {
  it('a pasted connection string is fixed to the host and its key is never repeated', () => {
    const { text, found, diagnostics } = lintFixture('appsettings.connection-string.json');
    assert.deepEqual(found, [['CTS101', 'error', 3, 30]]);
    assert.doesNotMatch(diagnostics[0].message, /SharedAccessKey=|bm90/);
    assert.match(applyFix(text, diagnostics[0].fixes[0]), /"ServiceBusNamespaceFQDN": "contoso-learning\.servicebus\.windows\.net",/);
  });

  it('upper case, namespace rules and unknown cloud', () => {
    const { found, diagnostics } = lintFixture('appsettings.namespace.json');
    assert.deepEqual(found, [['CTS102', 'warning', 2, 30], ['CTS103', 'error', 2, 30], ['CTS104', 'warning', 2, 30]]);
    assert.match(diagnostics[1].message, /5 characters.*-sb/);
    assert.match(diagnostics[2].message, /servicebus\.windows\.net, servicebus\.chinacloudapi\.cn, servicebus\.usgovcloudapi\.net/);
  });

  it('empty FQDN, unknown event without a near name, "on"; other settings left alone', () => {
    const { found, diagnostics } = lintFixture('appsettings.empty-fqdn.json');
    assert.deepEqual(found, [['CTS100', 'error', 2, 30], ['CTS201', 'warning', 6, 8], ['CTS200', 'error', 9, 36]]);
    assert.deepEqual(diagnostics[1].fixes, []);
    assert.equal(diagnostics[2].fixes[0].preferred, true);
  });

  it('BOM, comments, trailing comma, TRUE and " false " are all fine', () => {
    assert.deepEqual(lintFixture('appsettings.bom.json').found, []);
  });

  it('a syntax error is one diagnostic at the fault', () => {
    assert.deepEqual(lintFixture('appsettings.syntax-error.json').found, [['CTS001', 'error', 3, 3]]);
  });

  it('Functions values must be strings', () => {
    const { text, found, diagnostics } = lintFixture('functions.settings.json');
    assert.deepEqual(found, [['CTS202', 'error', 6, 32], ['CTS200', 'error', 7, 38], ['CTS202', 'error', 7, 38]]);
    assert.match(applyFix(text, diagnostics[0].fixes[0]), /"Features__Events__Login": "true",/);
    assert.match(applyFix(text, diagnostics[1].fixes[0]), /"Features__Events__CourseStart": "True"/);
  });

  it('portal shape faults, duplicates across forms, ":" by OS', () => {
    const unknown = lintFixture('portal-linux.json');
    assert.deepEqual(unknown.found, [
      ['CTS502', 'error', 2, 107],
      ['CTS300', 'warning', 3, 13],
      ['CTS400', 'info', 3, 13],
      ['CTS300', 'warning', 5, 13],
      ['CTS501', 'error', 6, 55],
      ['CTS500', 'error', 7, 13],
      ['CTS500', 'error', 8, 3],
      ['CTS500', 'error', 9, 3],
    ]);
    assert.match(applyFix(unknown.text, unknown.diagnostics[0].fixes[0]), /"slotSetting": false \}/);
    // Across the portal's settings there is no startup failure: the later one is used.
    assert.equal(unknown.diagnostics[1].message, 'Features:Events:Login is set twice (also on line 5; names match regardless of case, "__" or nesting). The later value "False" (line 5) wins.');
    const linux = lintFixture('portal-linux.json', { os: 'linux' });
    assert.deepEqual(linux.found.filter(([code]) => code === 'CTS400'), [['CTS400', 'error', 3, 13], ['CTS400', 'error', 4, 13]]);
  });

  it('environment files are judged with the appsettings.json they overlay', () => {
    const base = baseEntries('overlay/appsettings.json');
    assert.deepEqual(lintFixture('overlay/appsettings.json').found, []);
    assert.deepEqual(lintFixture('overlay/appsettings.Staging.json', { base }).found, [['CTS200', 'error', 3, 72]]);
    assert.deepEqual(lintFixture('overlay/appsettings.Staging.json').found, [['CTS100', 'error', 3, 29], ['CTS200', 'error', 3, 72]]);
    const dev = lintFixture('overlay/appsettings.Development.json', { base });
    assert.deepEqual(dev.found, [['CTS100', 'error', 3, 30]]);
    assert.match(dev.diagnostics[0].message, /LOGIN/);
  });
});

describe('names are matched as .NET matches them', () => {
  const fqdn = '"ServiceBusNamespaceFQDN": "contoso-learning.servicebus.windows.net"';

  it('nested, flat, "__" and any case are the same setting', () => {
    const text = `{ ${fqdn}, "Features": { "Events": { "Login": true } }, "FEATURES__events__LOGIN": "False", "features:Events:login": "true" }`;
    const { found, diagnostics } = lintText(text);
    assert.deepEqual(found.map(([code]) => code), ['CTS300', 'CTS300', 'CTS300']);
    assert.match(diagnostics[0].message, /set 3 times \(also on lines \d+ and \d+; names match.*the later value "true" wins/);
  });

  it('a repeated app setting is named without its value (it may be a secret)', () => {
    const { diagnostics } = lintText('{\n  "Db:Password": "one",\n  "Db": { "Password": "two" }\n}');
    assert.deepEqual(diagnostics.map((d) => d.message.split('. ')[0]), ['Db:Password is set twice (also on line 3)', 'Db:Password is set twice (also on line 2)']);
    assert.match(diagnostics[0].message, /the later value wins\.$/);
    assert.doesNotMatch(diagnostics[0].message, /one|two/);
  });

  it('local.settings.json: the later of two Values is used, no startup failure', () => {
    const text = '{ "IsEncrypted": false, "Values": {\n "Features:Events:Login": "True",\n "Features__Events__Login": "False" } }';
    const { diagnostics } = lintText(text, { fileName: 'local.settings.json' });
    assert.deepEqual(diagnostics.map((d) => d.code), ['CTS300', 'CTS300']);
    assert.match(diagnostics[0].message, /\. The later value "False" \(line 3\) wins\.$/);
  });

  it('a known key in odd case is not unknown, and its value is still checked', () => {
    assert.deepEqual(lintText(`{ ${fqdn}, "features__events__coursestart": "yes" }`).found.map(([c]) => c), ['CTS200']);
  });

  it('the misspelt segment of a nested key is fixed in place', () => {
    const text = `{ ${fqdn}, "Features": { "Events": { "ModuleCompleton": true } } }`;
    const { diagnostics } = lintText(text);
    assert.equal(diagnostics[0].code, 'CTS201');
    assert.match(applyFix(text, diagnostics[0].fixes[0]), /"ModuleCompletion": true/);
  });

  it('an escaped key is fixed by rewriting the whole name', () => {
    const text = `{ ${fqdn}, "Features:Events:Logn\\u0020": true }`;
    const { diagnostics } = lintText(text);
    assert.equal(diagnostics[0].code, 'CTS201');
  });

  it('an object where a switch belongs is not a boolean', () => {
    assert.deepEqual(lintText(`{ ${fqdn}, "Features": { "Events": { "Login": { "Enabled": true } } } }`).found.map(([c]) => c), ['CTS200']);
  });
});

describe('namespace host values', () => {
  const cases: [string, string[], string | undefined][] = [
    ['contoso-learning.servicebus.windows.net', [], undefined],
    ['sb://contoso-learning.servicebus.windows.net', ['CTS101'], 'contoso-learning.servicebus.windows.net'],
    ['contoso-learning.servicebus.windows.net:5671', ['CTS101'], 'contoso-learning.servicebus.windows.net'],
    ['contoso-learning.servicebus.windows.net.', ['CTS101'], 'contoso-learning.servicebus.windows.net'],
    [' contoso-learning.servicebus.windows.net ', ['CTS101'], 'contoso-learning.servicebus.windows.net'],
    ['contoso-learning.servicebus.windows.net/CTEvents', ['CTS101'], 'contoso-learning.servicebus.windows.net'],
    ['contoso learning.servicebus.windows.net', ['CTS101'], undefined],
    ['contoso-learning', ['CTS101'], 'contoso-learning.servicebus.windows.net'],
    ['Contoso-Learning.servicebus.windows.net', ['CTS102'], 'contoso-learning.servicebus.windows.net'],
    ['1contoso.servicebus.windows.net', ['CTS103'], undefined],
    ['contoso-.servicebus.windows.net', ['CTS103'], undefined],
    ['contoso-mgmt.servicebus.windows.net', ['CTS103'], undefined],
    [`${'a'.repeat(51)}.servicebus.windows.net`, ['CTS103'], undefined],
    ['contoso_learning.servicebus.windows.net', ['CTS103'], undefined],
    ['contoso-learning.servicebus.window.net', ['CTS104'], 'contoso-learning.servicebus.windows.net'],
    ['contoso-learning.example.com', ['CTS104'], undefined],
  ];
  for (const [value, codes, fixed] of cases) {
    it(JSON.stringify(value), () => {
      const text = `{ "ServiceBusNamespaceFQDN": ${JSON.stringify(value)}, "Features:Events:Login": "True" }`;
      const { diagnostics } = lintText(text);
      assert.deepEqual(diagnostics.map((d) => d.code), codes);
      const fix = diagnostics[0]?.fixes[0];
      assert.equal(fix ? JSON.parse(applyFix(text, fix)).ServiceBusNamespaceFQDN : undefined, fixed);
    });
  }

  it('a non-string FQDN is an error; null counts as empty', () => {
    assert.deepEqual(lintText('{ "ServiceBusNamespaceFQDN": 42 }').found.map(([c]) => c), ['CTS101']);
    assert.deepEqual(lintText('{ "ServiceBusNamespaceFQDN": null, "Features:Events:Login": true }').found.map(([c]) => c), ['CTS100']);
  });
});

describe('booleans as .NET reads them', () => {
  for (const value of ['true', 'False', ' TRUE ', 'fAlSe']) {
    it(`${JSON.stringify(value)} is a boolean`, () => {
      assert.deepEqual(lintText(`{ "Features:Events:Login": ${JSON.stringify(value)} }`).found.filter(([c]) => c === 'CTS200'), []);
    });
  }
  for (const [value, preferred] of [['yes', 'Use True'], ['1', 'Use True'], ['on', 'Use True'], ['0', 'Use False'], ['off', 'Use False'], ['', undefined], ['tru', undefined]] as const) {
    it(`${JSON.stringify(value)} is not, and the likely fix is preferred`, () => {
      const { diagnostics } = lintText(`{ "Features:Events:Login": ${JSON.stringify(value)} }`);
      assert.equal(diagnostics[0].code, 'CTS200');
      assert.equal(diagnostics[0].fixes.find((f) => f.preferred)?.title, preferred);
    });
  }
  it('a JSON number in appsettings.json is fixed to a JSON boolean', () => {
    const text = '{ "Features": { "Events": { "Login": 1 } } }';
    const { diagnostics } = lintText(text);
    assert.equal(applyFix(text, diagnostics[0].fixes[0]), '{ "Features": { "Events": { "Login": true } } }');
  });
});

describe('shapes and faults', () => {
  it('a bare value or an empty file is one fault', () => {
    assert.deepEqual(lintText('"hello"').found, [['CTS002', 'error', 1, 1]]);
    assert.deepEqual(lintText('').found, [['CTS001', 'error', 1, 1]]);
    assert.deepEqual(lintText('  // only a comment\n').found, [['CTS001', 'error', 1, 1]]);
  });

  it('nesting deeper than .NET reads (64 levels) is one fault at the 65th level, however deep it goes', () => {
    const nested = (levels: number): string => `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;
    assert.deepEqual(lintText(nested(64)).found, []);
    for (const levels of [65, 100_000]) {
      const { found, diagnostics } = lintText(nested(levels));
      assert.deepEqual(found, [['CTS001', 'error', 1, 321]]);
      assert.equal(diagnostics[0].message, "Nested more than 64 levels deep: .NET's configuration reader (System.Text.Json) refuses the file at startup.");
    }
    assert.deepEqual(lintText('['.repeat(100_000)).found, [['CTS001', 'error', 1, 65]]);
  });

  it('an unclosed object reports once at the end', () => {
    const { found } = lintText('{\n  "Features:Events:Login": "True",\n');
    assert.equal(found.length, 1);
    assert.equal(found[0][0], 'CTS001');
  });

  it('every code used has an entry in the rules table', () => {
    const codes = new Set(RULES.map((r) => r.code));
    assert.equal(codes.size, RULES.length);
    for (const name of ['appsettings.broken.json', 'portal-linux.json', 'functions.settings.json', 'appsettings.namespace.json', 'appsettings.empty-fqdn.json']) {
      for (const [code] of lintFixture(name, { os: 'linux' }).found) {
        assert.ok(codes.has(code), code);
      }
    }
  });
});
