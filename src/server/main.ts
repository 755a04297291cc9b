// The app-settings language server: lints settings files with core/settings and offers pull
// diagnostics, quick fixes, hover and completion. Started by the extension over IPC, or by
// tests over stdio (`node dist/server.js --stdio`).
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import {
  CodeActionKind, CompletionItemKind, DiagnosticRefreshRequest, DocumentDiagnosticReportKind, InitializeResult, MarkupKind, ProposedFeatures, TextDocumentSyncKind,
  TextDocuments, createConnection,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  AppServiceOs, SettingEntry, SettingsDiagnostic, completionsAt, hoverAt, lintSettings, overlaidBasePath, readSettings,
} from '../core/settings';
import { SOURCE, toCodeAction, toDiagnostic, toRange } from './convert';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
let os: AppServiceOs = 'unknown';
let canRefresh = false;
const cache = new Map<string, { version: number; diagnostics: SettingsDiagnostic[] }>();

function asOs(value: unknown): AppServiceOs {
  return value === 'linux' || value === 'windows' ? value : 'unknown';
}

function filePath(uri: string): string {
  return uri.startsWith('file:') ? fileURLToPath(uri) : decodeURIComponent(uri);
}

/** The entries of appsettings.json when the document is an appsettings.{Environment}.json. */
async function baseEntries(document: TextDocument): Promise<SettingEntry[] | undefined> {
  const basePath = overlaidBasePath(filePath(document.uri));
  if (!basePath) {
    return undefined;
  }
  const open = documents.all().find((d) => d.uri.startsWith('file:') && fileURLToPath(d.uri) === basePath);
  try {
    const text = open ? open.getText() : await readFile(basePath, 'utf8');
    return readSettings(text, basePath).entries;
  } catch {
    return undefined; // no appsettings.json beside it: the file stands alone
  }
}

async function lint(document: TextDocument): Promise<SettingsDiagnostic[]> {
  const cached = cache.get(document.uri);
  if (cached && cached.version === document.version) {
    return cached.diagnostics;
  }
  const diagnostics = lintSettings(document.getText(), { fileName: filePath(document.uri), os, base: await baseEntries(document) });
  cache.set(document.uri, { version: document.version, diagnostics });
  return diagnostics;
}

connection.onInitialize((params): InitializeResult => {
  const options = params.initializationOptions as { os?: unknown } | undefined;
  os = asOs(options?.os);
  canRefresh = params.capabilities.workspace?.diagnostics?.refreshSupport === true;
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      diagnosticProvider: { identifier: SOURCE, interFileDependencies: true, workspaceDiagnostics: false },
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
      hoverProvider: true,
      completionProvider: { triggerCharacters: ['"', ':', '_'] },
    },
    serverInfo: { name: 'CT Events app-settings linter' },
  };
});

connection.onDidChangeConfiguration((change) => {
  const settings = change.settings as { ctEvents?: { appService?: { os?: unknown } } } | undefined;
  os = asOs(settings?.ctEvents?.appService?.os);
  cache.clear();
  if (canRefresh) {
    // Open documents are linted again on the client's next pull; a refused refresh changes nothing.
    connection.sendRequest(DiagnosticRefreshRequest.type).catch(() => undefined);
  }
});

documents.onDidClose((event) => cache.delete(event.document.uri));

connection.languages.diagnostics.on(async (params) => {
  const document = documents.get(params.textDocument.uri);
  const items = document ? (await lint(document)).map((d) => toDiagnostic(document, d)) : [];
  return { kind: DocumentDiagnosticReportKind.Full, items };
});

connection.onCodeAction(async (params) => {
  const document = documents.get(params.textDocument.uri);
  if (!document) {
    return [];
  }
  const start = document.offsetAt(params.range.start);
  const end = document.offsetAt(params.range.end);
  const wanted = params.context.diagnostics.filter((d) => d.source === SOURCE);
  return (await lint(document))
    .filter((d) => d.span.offset <= end && d.span.offset + d.span.length >= start)
    .filter((d) => wanted.length === 0 || wanted.some((w) => w.code === d.code && document.offsetAt(w.range.start) === d.span.offset))
    .flatMap((d) => d.fixes.map((fix) => toCodeAction(document, d, fix)));
});

connection.onHover((params) => {
  const document = documents.get(params.textDocument.uri);
  const hover = document ? hoverAt(document.getText(), document.offsetAt(params.position), filePath(document.uri)) : undefined;
  return document && hover ? { contents: { kind: MarkupKind.Markdown, value: hover.markdown }, range: toRange(document, hover.span) } : null;
});

connection.onCompletion((params) => {
  const document = documents.get(params.textDocument.uri);
  if (!document) {
    return [];
  }
  return completionsAt(document.getText(), document.offsetAt(params.position), filePath(document.uri)).map((c) => ({
    label: c.label,
    kind: c.kind === 'property' ? CompletionItemKind.Property : CompletionItemKind.Value,
    documentation: c.documentation ? { kind: MarkupKind.Markdown, value: c.documentation } : undefined,
    // VS Code filters on the text being replaced, quotes included.
    filterText: c.replace ? c.insertText : undefined,
    textEdit: c.replace ? { range: toRange(document, c.replace), newText: c.insertText } : undefined,
    insertText: c.replace ? undefined : c.insertText,
  }));
});

documents.listen(connection);
connection.listen();
