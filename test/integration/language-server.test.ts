// The language server as VS Code sees it: LSP over stdio to the bundled dist/server.js. Opens a
// document, pulls diagnostics, asks for and applies a quick fix through incremental changes, and
// checks hover, completion and the App Service OS setting.
import assert from 'node:assert/strict';
import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { MessageConnection, StreamMessageReader, StreamMessageWriter, createMessageConnection } from 'vscode-jsonrpc/node';
import { TextDocument } from 'vscode-languageserver-textdocument';

const ROOT = join(__dirname, '..', '..');
const SERVER = join(ROOT, 'dist', 'server.js');
const FIXTURES = join(ROOT, 'test', 'fixtures', 'settings');

interface Diagnostic {
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  severity: number;
  code: string;
  message: string;
  source: string;
}

interface TextEdit {
  range: Diagnostic['range'];
  newText: string;
}

let server: ChildProcess;
let rpc: MessageConnection;

async function openDocument(name: string, text: string): Promise<TextDocument> {
  const uri = pathToFileURL(join(FIXTURES, name)).href;
  await rpc.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'json', version: 1, text } });
  return TextDocument.create(uri, 'json', 1, text);
}

async function pull(document: TextDocument): Promise<Diagnostic[]> {
  const report = await rpc.sendRequest<{ kind: string; items: Diagnostic[] }>('textDocument/diagnostic', { textDocument: { uri: document.uri } });
  assert.equal(report.kind, 'full');
  return report.items;
}

/** Applies edits locally and sends them to the server as incremental changes. */
async function change(document: TextDocument, edits: TextEdit[]): Promise<TextDocument> {
  const version = document.version + 1;
  const updated = TextDocument.update(TextDocument.create(document.uri, 'json', document.version, document.getText()), edits.map((e) => ({ range: e.range, text: e.newText })), version);
  await rpc.sendNotification('textDocument/didChange', { textDocument: { uri: document.uri, version }, contentChanges: edits.map((e) => ({ range: e.range, text: e.newText })) });
  return updated;
}

const summary = (items: Diagnostic[]) => items.map((d) => [d.code, d.severity, d.range.start.line + 1, d.range.start.character + 1]);

describe('language server over stdio', () => {
  before(async () => {
    // Build just this bundle, so the test does not depend on other entries compiling.
    await build({ entryPoints: [join(ROOT, 'src/server/main.ts')], outfile: SERVER, bundle: true, platform: 'node', target: 'node20', format: 'cjs', mainFields: ['module', 'main'], logLevel: 'warning' });
    server = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
    rpc = createMessageConnection(new StreamMessageReader(server.stdout!), new StreamMessageWriter(server.stdin!));
    rpc.onRequest('workspace/diagnostic/refresh', () => null);
    rpc.listen();
    const init = await rpc.sendRequest<{ capabilities: Record<string, unknown> }>('initialize', {
      processId: process.pid,
      rootUri: pathToFileURL(FIXTURES).href,
      capabilities: { textDocument: { diagnostic: { dynamicRegistration: false } }, workspace: { diagnostics: { refreshSupport: true } } },
      initializationOptions: { os: 'unknown' },
    });
    assert.equal(init.capabilities.textDocumentSync, 2); // incremental
    assert.ok(init.capabilities.diagnosticProvider);
    await rpc.sendNotification('initialized', {});
  });

  after(async () => {
    await rpc.sendRequest('shutdown');
    await rpc.sendNotification('exit');
    if (server.exitCode === null) {
      await once(server, 'exit');
    }
    rpc.dispose();
  });

  it('pulls the broken fixture\'s diagnostics, applies the FQDN fix, and the rest remain', async () => {
    const { readFile } = await import('node:fs/promises');
    let document = await openDocument('appsettings.broken.json', await readFile(join(FIXTURES, 'appsettings.broken.json'), 'utf8'));
    const before = await pull(document);
    assert.deepEqual(summary(before), [['CTS101', 1, 2, 30], ['CTS200', 1, 3, 28], ['CTS201', 2, 4, 20], ['CTS300', 2, 5, 3], ['CTS300', 2, 6, 3]]);
    assert.ok(before.every((d) => d.source === 'ct-events'));

    const fqdn = before[0];
    const actions = await rpc.sendRequest<{ title: string; kind: string; isPreferred: boolean; edit: { changes: Record<string, TextEdit[]> } }[]>('textDocument/codeAction', {
      textDocument: { uri: document.uri }, range: fqdn.range, context: { diagnostics: [fqdn] },
    });
    assert.deepEqual(actions.map((a) => [a.title, a.kind, a.isPreferred]), [['Use contoso-learning.servicebus.windows.net', 'quickfix', true]]);
    document = await change(document, actions[0].edit.changes[document.uri]);
    assert.match(document.getText(), /"ServiceBusNamespaceFQDN": "contoso-learning\.servicebus\.windows\.net",/);
    assert.deepEqual(summary(await pull(document)), [['CTS200', 1, 3, 28], ['CTS201', 2, 4, 20], ['CTS300', 2, 5, 3], ['CTS300', 2, 6, 3]]);

    // A one-word edit typed by hand: "yes" becomes "true".
    const yes = document.getText().indexOf('"yes"') + 1;
    document = await change(document, [{ range: { start: document.positionAt(yes), end: document.positionAt(yes + 3) }, newText: 'true' }]);
    assert.deepEqual(summary(await pull(document)).map(([code]) => code), ['CTS201', 'CTS300', 'CTS300']);

    const strat = (await pull(document))[0];
    const rename = await rpc.sendRequest<{ title: string; edit: { changes: Record<string, TextEdit[]> } }[]>('textDocument/codeAction', {
      textDocument: { uri: document.uri }, range: strat.range, context: { diagnostics: [strat] },
    });
    document = await change(document, rename[0].edit.changes[document.uri]);
    assert.match(document.getText(), /"Features:Events:CourseStart": "True"/);
    assert.deepEqual(summary(await pull(document)).map(([code]) => code), ['CTS300', 'CTS300']);
  });

  it('hovers known keys and completes names and values under Features:Events', async () => {
    const text = '{\n  "Features": { "Events": { "Login": true, } }\n}\n';
    const document = await openDocument('appsettings.Completion.json', text);
    const hover = await rpc.sendRequest<{ contents: { value: string } } | null>('textDocument/hover', { textDocument: { uri: document.uri }, position: document.positionAt(text.indexOf('Login') + 2) });
    assert.match(hover?.contents.value ?? '', /LOGIN/);
    const names = await rpc.sendRequest<{ label: string }[]>('textDocument/completion', { textDocument: { uri: document.uri }, position: document.positionAt(text.indexOf('true, ') + 6) });
    assert.deepEqual(names.map((c) => c.label), ['Login', 'CourseStart', 'ModuleCompletion', 'CourseCompletion']);
    const values = await rpc.sendRequest<{ label: string }[]>('textDocument/completion', { textDocument: { uri: document.uri }, position: document.positionAt(text.indexOf('true')) });
    assert.deepEqual(values.map((c) => c.label), ['true', 'false']);
  });

  it('follows the App Service OS setting for ":" names in the portal array', async () => {
    const { readFile } = await import('node:fs/promises');
    const document = await openDocument('portal-advanced-edit.json', await readFile(join(FIXTURES, 'portal-advanced-edit.json'), 'utf8'));
    assert.deepEqual(summary(await pull(document)), [['CTS400', 3, 13, 13], ['CTS200', 1, 14, 14]]);
    const refreshed = new Promise<void>((resolve) => rpc.onRequest('workspace/diagnostic/refresh', () => {
      resolve();
      return null;
    }));
    await rpc.sendNotification('workspace/didChangeConfiguration', { settings: { ctEvents: { appService: { os: 'linux' } } } });
    await refreshed;
    assert.deepEqual(summary(await pull(document)), [['CTS400', 1, 13, 13], ['CTS200', 1, 14, 14]]);
  });
});
