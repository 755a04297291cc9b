// Benchmark: lint a generated 10,000-key (about 1 MB) appsettings.json, in full and again after a
// one-character edit, side by side with vscode-json-languageservice parsing and validating the
// same text. Prints figures; asserts nothing (targets: full lint under 50 ms, ratio <= 1).
import { performance } from 'node:perf_hooks';
import { getLanguageService } from 'vscode-json-languageservice';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { lintSettings } from '../src/core/settings';

const SECTIONS = 1000;
const KEYS_PER_SECTION = 10;

function generate(): string {
  const lines = ['{', '  // generated for the benchmark', '  "ServiceBusNamespaceFQDN": "contoso-learning.servicebus.windows.net",'];
  lines.push('  "Features": { "Events": { "Login": true, "CourseStart": "True", "ModuleCompletion": "False", "CourseCompletion": true } },');
  for (let s = 0; s < SECTIONS; s++) {
    const keys = [];
    for (let k = 0; k < KEYS_PER_SECTION; k++) {
      keys.push(`    "Setting${String(k).padStart(2, '0')}": "value of setting ${k} in section ${s}, padded to a realistic length for a setting value"`);
    }
    lines.push(`  "Section${String(s).padStart(4, '0')}": {`, keys.join(',\n'), `  }${s < SECTIONS - 1 ? ',' : ''}`);
  }
  lines.push('}');
  return lines.join('\n');
}

function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/**
 * Runs each piece of work in turn, round after round, so that all of them see the same machine
 * load (other processes, garbage collection, JIT warm-up); returns each one's median.
 */
async function timeInterleaved(runs: number, works: Record<string, (i: number) => unknown>): Promise<Record<string, number>> {
  const samples: Record<string, number[]> = {};
  for (let i = -10; i < runs; i++) {
    for (const [name, work] of Object.entries(works)) {
      const start = performance.now();
      await work(i);
      if (i >= 0) {
        (samples[name] ??= []).push(performance.now() - start);
      }
    }
  }
  return Object.fromEntries(Object.entries(samples).map(([name, times]) => [name, median(times)]));
}

async function main(): Promise<void> {
  const text = generate();
  const keyCount = SECTIONS * KEYS_PER_SECTION + 5;
  const found = lintSettings(text, { fileName: 'appsettings.json' });
  console.log(`appsettings.json: ${keyCount} keys, ${(text.length / 1024 / 1024).toFixed(2)} MB, ${found.length} diagnostics`);

  const editAt = text.indexOf('padded to a realistic length', text.length / 2);
  // As the language server does it: one open document takes the client's incremental change,
  // then the new text is linted.
  const document = TextDocument.create('file:///appsettings.json', 'json', 1, text);
  const editRange = { start: document.positionAt(editAt), end: document.positionAt(editAt + 1) };
  const service = getLanguageService({});
  const { full, afterEdit, jsonService } = await timeInterleaved(40, {
    full: () => lintSettings(text, { fileName: 'appsettings.json' }),
    afterEdit: (i) => {
      TextDocument.update(document, [{ range: editRange, text: String.fromCharCode(97 + (Math.abs(i) % 26)) }], document.version + 1);
      return lintSettings(document.getText(), { fileName: 'appsettings.json' });
    },
    jsonService: async () => {
      const jsonDocument = TextDocument.create('file:///appsettings.json', 'jsonc', 1, text);
      const parsed = service.parseJSONDocument(jsonDocument);
      return service.doValidation(jsonDocument, parsed, { comments: 'ignore', trailingCommas: 'ignore' });
    },
  });

  console.log(`full lint:                         ${full.toFixed(1)} ms (target < 50 ms)`);
  console.log(`after a one-character edit:        ${afterEdit.toFixed(1)} ms (incremental document update + full re-lint)`);
  console.log(`vscode-json-languageservice parse+validate: ${jsonService.toFixed(1)} ms`);
  console.log(`ratio lint / json-languageservice: ${(full / jsonService).toFixed(2)} (target <= 1)`);
}

void main();
