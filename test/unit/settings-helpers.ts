// Shared helpers for the settings tests: read a fixture, lint it, and describe each diagnostic
// as [code, severity, line, column] (1-based) so expectations read like the Problems panel.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LineIndex, LintOptions, SettingsDiagnostic, SettingsFix, lintSettings, readSettings } from '../../src/core/settings';

export const FIXTURES = join(__dirname, '..', 'fixtures', 'settings');

export function fixture(name: string): string {
  return readFileSync(join(FIXTURES, name), 'utf8');
}

export type Found = [code: string, severity: string, line: number, column: number];

export function lintText(text: string, options: LintOptions = {}): { found: Found[]; diagnostics: SettingsDiagnostic[] } {
  const diagnostics = lintSettings(text, options);
  const lines = new LineIndex(text);
  const found = diagnostics.map((d): Found => {
    const p = lines.position(d.span.offset);
    return [d.code, d.severity, p.line + 1, p.character + 1];
  });
  return { found, diagnostics };
}

export function lintFixture(name: string, options: LintOptions = {}): { text: string; found: Found[]; diagnostics: SettingsDiagnostic[] } {
  const text = fixture(name);
  return { text, ...lintText(text, { fileName: name, ...options }) };
}

export function baseEntries(name: string): LintOptions['base'] {
  return readSettings(fixture(name), name).entries;
}

export function applyFix(text: string, fix: SettingsFix): string {
  const edits = [...fix.edits].sort((a, b) => b.offset - a.offset);
  return edits.reduce((result, edit) => result.slice(0, edit.offset) + edit.newText + result.slice(edit.offset + edit.length), text);
}
