// `ct-events lint`: exit codes, the JSON findings and the SARIF 2.1.0 log, run in-process.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { runCli } from '../../src/cli/run';
import { FIXTURES } from './settings-helpers';

async function lint(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(['lint', ...args], { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const at = (name: string) => join(FIXTURES, name);
const shown = (name: string) => relative(process.cwd(), at(name)).split('\\').join('/');

describe('ct-events lint', () => {
  it('exits 0 on a clean file and 1 when an error is found', async () => {
    const valid = await lint(at('appsettings.valid.json'));
    assert.equal(valid.code, 0);
    assert.match(valid.out, /1 file checked: 0 errors, 0 warnings, 0 info\./);
    assert.equal((await lint(at('appsettings.broken.json'))).code, 1);
  });

  it('exits 0 when only warnings and info are found', async () => {
    const result = await lint(at('appsettings.warnings-only.json'), '--format', 'json');
    assert.equal(result.code, 0);
    assert.deepEqual((JSON.parse(result.out) as { code: string }[]).map((f) => f.code), ['CTS102', 'CTS201']);
  });

  it('exits 2 on bad usage', async () => {
    for (const args of [['--format', 'xml'], ['--os', 'mac'], ['--bogus'], ['--format']]) {
      const result = await lint(...args);
      assert.equal(result.code, 2, args.join(' '));
      assert.match(result.err, /^ct-events lint: /);
    }
  });

  it('does not follow a symbolic link to a folder, so a link back up the tree ends the search', async () => {
    const root = mkdtempSync(join(tmpdir(), 'ct-events-lint-'));
    try {
      mkdirSync(join(root, 'sub'));
      writeFileSync(join(root, 'sub', 'appsettings.json'), readFileSync(at('appsettings.valid.json')));
      symlinkSync('..', join(root, 'sub', 'up'));
      symlinkSync(root, join(root, 'sub', 'abs'));
      const result = await lint(root);
      assert.equal(result.code, 0, result.err);
      assert.match(result.out, /^1 file checked: /m);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('reads a settings file saved as UTF-16 (Visual Studio\'s "Unicode") as .NET does', async () => {
    const root = mkdtempSync(join(tmpdir(), 'ct-events-lint-'));
    try {
      const file = join(root, 'appsettings.json');
      const utf8 = readFileSync(at('appsettings.broken.json'), 'utf8');
      writeFileSync(file, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(utf8, 'utf16le')]));
      const expected = JSON.parse((await lint(at('appsettings.broken.json'), '--format', 'json')).out) as { code: string; line: number; column: number }[];
      const found = JSON.parse((await lint(file, '--format', 'json')).out) as { code: string; line: number; column: number }[];
      assert.deepEqual(found.map((f) => [f.code, f.line, f.column]), expected.map((f) => [f.code, f.line, f.column]));
      assert.ok(expected.length > 0);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('exits 1 with one sentence when a named file or glob matches nothing', async () => {
    const result = await lint(at('no-such-file.json'));
    assert.equal(result.code, 1);
    assert.match(result.err, /no settings file matches/);
  });

  it('prints the JSON findings with 1-based positions', async () => {
    const result = await lint(at('appsettings.broken.json'), '--format', 'json');
    const findings = JSON.parse(result.out) as Record<string, unknown>[];
    assert.deepEqual(findings[0], {
      file: shown('appsettings.broken.json'),
      line: 2, column: 30, endLine: 2, endColumn: 80,
      severity: 'error', code: 'CTS101',
      message: 'ServiceBusNamespaceFQDN must be the host name alone, without a scheme (https://) and a trailing slash: use contoso-learning.servicebus.windows.net.',
    });
    assert.deepEqual(findings.map((f) => [f.code, f.line, f.column]), [['CTS101', 2, 30], ['CTS200', 3, 28], ['CTS201', 4, 20], ['CTS300', 5, 3], ['CTS300', 6, 3]]);
    for (const f of findings) {
      assert.deepEqual(Object.keys(f), ['file', 'line', 'column', 'endLine', 'endColumn', 'severity', 'code', 'message']);
    }
  });

  it('--os linux turns ":" names in the portal array into errors', async () => {
    const findings = JSON.parse((await lint(at('portal-advanced-edit.json'), '--format=json', '--os', 'linux')).out) as { code: string; severity: string }[];
    assert.deepEqual(findings.map((f) => [f.code, f.severity]), [['CTS400', 'error'], ['CTS200', 'error']]);
  });

  it('expands globs and folders, and judges environment files with their base', async () => {
    const folder = relative(process.cwd(), FIXTURES).split('\\').join('/');
    const findings = JSON.parse((await lint(`${folder}/overlay/appsettings*.json`, '--format', 'json')).out) as { file: string; code: string }[];
    assert.deepEqual(findings.map((f) => [f.file.split('/').pop(), f.code]), [['appsettings.Development.json', 'CTS100'], ['appsettings.Staging.json', 'CTS200']]);
    const all = await lint(FIXTURES);
    assert.match(all.out, /\d+ files checked/);
    assert.match(all.out, /local\.settings\.json:6:5: error CTS100/);
  });

  it('prints a SARIF 2.1.0 log with rules, levels, regions and fixes', async () => {
    const result = await lint(at('appsettings.broken.json'), at('portal-advanced-edit.json'), '--format', 'sarif');
    assert.equal(result.code, 1);
    const log = JSON.parse(result.out);
    assert.equal(log.version, '2.1.0');
    assert.match(log.$schema, /sarif-2\.1\.0/);
    assert.equal(log.runs.length, 1);
    const { driver } = log.runs[0].tool;
    assert.equal(driver.name, 'ct-events lint');
    const ids = driver.rules.map((r: { id: string }) => r.id);
    for (const res of log.runs[0].results) {
      assert.equal(driver.rules[res.ruleIndex].id, res.ruleId);
      assert.ok(['error', 'warning', 'note'].includes(res.level));
      assert.equal(typeof res.message.text, 'string');
      const { artifactLocation, region } = res.locations[0].physicalLocation;
      assert.equal(typeof artifactLocation.uri, 'string');
      for (const key of ['startLine', 'startColumn', 'endLine', 'endColumn']) {
        assert.ok(Number.isInteger(region[key]) && region[key] >= 1);
      }
      assert.ok(ids.includes(res.ruleId));
    }
    const first = log.runs[0].results[0];
    assert.equal(first.ruleId, 'CTS101');
    assert.deepEqual(first.locations[0].physicalLocation.region, { startLine: 2, startColumn: 30, endLine: 2, endColumn: 80 });
    assert.equal(first.fixes[0].artifactChanges[0].replacements[0].insertedContent.text, '"contoso-learning.servicebus.windows.net"');
    const info = log.runs[0].results.find((r: { ruleId: string }) => r.ruleId === 'CTS400');
    assert.equal(info.level, 'note');
  });
});
