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

async function time(runs: number, work: (i: number) => unknown): Promise<number> {
  for (let i = 0; i < 5; i++) {
    await work(i); // warm-up
  }
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await work(i);
    samples.push(performance.now() - start);
  }
  return median(samples);
}

async function main(): Promise<void> {
  const text = generate();
  const keyCount = SECTIONS * KEYS_PER_SECTION + 5;
  const found = lintSettings(text, { fileName: 'appsettings.json' });
  console.log(`appsettings.json: ${keyCount} keys, ${(text.length / 1024 / 1024).toFixed(2)} MB, ${found.length} diagnostics`);

  const full = await time(30, () => lintSettings(text, { fileName: 'appsettings.json' }));
  const editAt = text.indexOf('padded to a realistic length', text.length / 2);
  const edited = (i: number) => `${text.slice(0, editAt)}${String.fromCharCode(97 + (i % 26))}${text.slice(editAt + 1)}`;
  // As the language server does it: apply the edit to the document, then lint the new text.
  const afterEdit = await time(30, (i) => {
    const document = TextDocument.create('file:///appsettings.json', 'json', 1, text);
    TextDocument.update(document, [{ range: { start: document.positionAt(editAt), end: document.positionAt(editAt + 1) }, text: String.fromCharCode(97 + (i % 26)) }], 2);
    return lintSettings(document.getText(), { fileName: 'appsettings.json' });
  });
  const editOnly = await time(30, (i) => edited(i));

  const service = getLanguageService({});
  const jsonService = await time(30, async () => {
    const document = TextDocument.create('file:///appsettings.json', 'jsonc', 1, text);
    const parsed = service.parseJSONDocument(document);
    return service.doValidation(document, parsed, { comments: 'ignore', trailingCommas: 'ignore' });
  });

  console.log(`full lint:                         ${full.toFixed(1)} ms (target < 50 ms)`);
  console.log(`after a one-character edit:        ${afterEdit.toFixed(1)} ms (edit applied + full re-lint; string splice alone ${editOnly.toFixed(1)} ms)`);
  console.log(`vscode-json-languageservice parse+validate: ${jsonService.toFixed(1)} ms`);
  console.log(`ratio lint / json-languageservice: ${(full / jsonService).toFixed(2)} (target <= 1)`);
}

void main();
