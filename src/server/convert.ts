// Core settings results (offsets) to LSP shapes (positions), for one document.
import { CodeAction, CodeActionKind, Diagnostic, DiagnosticSeverity, Range, TextEdit } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Severity, SettingsDiagnostic, SettingsFix, TextSpan } from '../core/settings';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

export const SOURCE = 'ct-events';

export function toRange(document: TextDocument, span: TextSpan): Range {
  return { start: document.positionAt(span.offset), end: document.positionAt(span.offset + span.length) };
}

export function toDiagnostic(document: TextDocument, diagnostic: SettingsDiagnostic): Diagnostic {
  return {
    range: toRange(document, diagnostic.span),
    severity: SEVERITY[diagnostic.severity],
    code: diagnostic.code,
    source: SOURCE,
    message: diagnostic.message,
  };
}

export function toCodeAction(document: TextDocument, diagnostic: SettingsDiagnostic, fix: SettingsFix): CodeAction {
  const edits: TextEdit[] = fix.edits.map((edit) => ({ range: toRange(document, edit), newText: edit.newText }));
  return {
    title: fix.title,
    kind: CodeActionKind.QuickFix,
    diagnostics: [toDiagnostic(document, diagnostic)],
    isPreferred: fix.preferred === true,
    edit: { changes: { [document.uri]: edits } },
  };
}
