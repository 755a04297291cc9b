// Lint results as the CLI and CI tools want them: located findings (1-based lines and columns,
// end exclusive, UTF-16 columns as SARIF counts them), and a SARIF 2.1.0 log.
import { RULES } from './codes';
import { LineIndex } from './positions';
import { Severity, SettingsDiagnostic, SettingsFix } from './types';

export interface Finding {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: Severity;
  code: string;
  message: string;
}

export interface FileResult {
  /** The path shown to the user (relative, `/`-separated). */
  file: string;
  text: string;
  diagnostics: SettingsDiagnostic[];
}

interface Region {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}

function region(lines: LineIndex, offset: number, length: number): Region {
  const start = lines.position(offset);
  const end = lines.position(offset + length);
  return { startLine: start.line + 1, startColumn: start.character + 1, endLine: end.line + 1, endColumn: end.character + 1 };
}

export function toFindings(result: FileResult): Finding[] {
  const lines = new LineIndex(result.text);
  return result.diagnostics.map((d) => {
    const r = region(lines, d.span.offset, d.span.length);
    return { file: result.file, line: r.startLine, column: r.startColumn, endLine: r.endLine, endColumn: r.endColumn, severity: d.severity, code: d.code, message: d.message };
  });
}

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

export function toSarif(results: readonly FileResult[]): object {
  const ruleIndex = new Map(RULES.map((rule, index) => [rule.code, index]));
  const sarifResults = results.flatMap((result) => {
    const lines = new LineIndex(result.text);
    const uri = encodeURI(result.file);
    const fixOf = (fix: SettingsFix) => ({
      description: { text: fix.title },
      artifactChanges: [{
        artifactLocation: { uri },
        replacements: fix.edits.map((edit) => ({ deletedRegion: region(lines, edit.offset, edit.length), insertedContent: { text: edit.newText } })),
      }],
    });
    return result.diagnostics.map((d) => ({
      ruleId: d.code,
      ruleIndex: ruleIndex.get(d.code) ?? -1,
      level: LEVEL[d.severity],
      message: { text: d.message },
      locations: [{ physicalLocation: { artifactLocation: { uri }, region: region(lines, d.span.offset, d.span.length) } }],
      ...(d.fixes.length > 0 ? { fixes: d.fixes.map(fixOf) } : {}),
    }));
  });
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: 'ct-events lint',
          rules: RULES.map((rule) => ({
            id: rule.code,
            name: rule.name,
            shortDescription: { text: rule.summary },
            defaultConfiguration: { level: LEVEL[rule.severity] },
          })),
        },
      },
      columnKind: 'utf16CodeUnits',
      results: sarifResults,
    }],
  };
}
