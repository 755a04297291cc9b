// ct-events lint [FILES or GLOBS…] [--format text|json|sarif] [--os linux|windows]
// Lints app-settings files with the same rules as the editor. Exit 1 when any error is found.
import { existsSync, lstatSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import {
  AppServiceOs, DEFAULT_SETTINGS_GLOBS, FileResult, SKIPPED_FOLDERS, globRoot, globToRegExp, lintSettings, overlaidBasePath, readSettings,
  toFindings, toSarif,
} from '../../core/settings';
import { fileText } from '../../core/text-file';
import { printable } from '../../core/events/printable';
import { commandRunner } from '../args';
import { UsageError, UserError } from '../io';

const command = {
  name: 'lint',
  summary: [
    'Lints appsettings*.json, local.settings.json and portal "Advanced edit" arrays with the editor\'s rules.',
    `Without FILES, searches the current folder for ${DEFAULT_SETTINGS_GLOBS.join(' and ')}.`,
    'Exit code: 1 when any error is found, 0 otherwise, 2 on bad usage.',
  ].join('\n'),
  flags: {
    format: { kind: 'value', valueName: 'text|json|sarif', description: 'text (default), json (an array of findings) or sarif (SARIF 2.1.0)' },
    os: { kind: 'value', valueName: 'linux|windows', description: 'the App Service OS; with linux, ":" in a portal setting name is an error' },
  },
  operands: { valueName: 'FILES or GLOBS...', description: 'settings files, folders or globs (default: search the current folder)' },
} as const;

type Format = 'text' | 'json' | 'sarif';

function formatFlag(value: string | undefined): Format {
  if (value === undefined || value === 'text' || value === 'json' || value === 'sarif') {
    return value ?? 'text';
  }
  throw new UsageError(`--format must be text, json or sarif, not "${printable(value)}".`);
}

function osFlag(value: string | undefined): AppServiceOs {
  if (value === undefined || value === 'linux' || value === 'windows') {
    return value ?? 'unknown';
  }
  throw new UsageError(`--os must be linux or windows, not "${printable(value)}".`);
}

function toSlashes(path: string): string {
  return path.split(sep).join('/');
}

/**
 * Every file under the folder. Symbolic links to folders are not followed: a link back up the tree
 * (`sub/up -> ..`) would otherwise make the walk endless, and a settings file reached through one is
 * also reached where it really is.
 */
function walk(folder: string, found: string[]): void {
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return;
  }
  for (const name of names) {
    const path = join(folder, name);
    let isDirectory = false;
    try {
      const entry = lstatSync(path);
      if (entry.isSymbolicLink() && statSync(path).isDirectory()) {
        continue;
      }
      isDirectory = entry.isDirectory();
    } catch {
      continue;
    }
    if (isDirectory) {
      if (!SKIPPED_FOLDERS.has(name)) {
        walk(path, found);
      }
    } else {
      found.push(path);
    }
  }
}

/** Files matching a glob, searched from the glob's fixed folder prefix. */
function matchGlob(cwd: string, glob: string): string[] {
  const pattern = toSlashes(glob).replace(/^\.\//, '');
  const root = resolve(cwd, globRoot(pattern) || '.');
  const absolute = pattern.startsWith('/');
  const matcher = globToRegExp(pattern);
  const files: string[] = [];
  walk(root, files);
  return files.filter((file) => matcher.test(absolute ? toSlashes(file) : toSlashes(relative(cwd, file))));
}

function collectFiles(cwd: string, patterns: string[]): string[] {
  const files = new Set<string>();
  const searches = patterns.length > 0 ? patterns : [...DEFAULT_SETTINGS_GLOBS];
  for (const pattern of searches) {
    const path = resolve(cwd, pattern);
    let matches: string[];
    if (existsSync(path) && statSync(path).isDirectory()) {
      matches = DEFAULT_SETTINGS_GLOBS.flatMap((glob) => matchGlob(path, glob));
    } else if (existsSync(path)) {
      matches = [path];
    } else {
      matches = matchGlob(cwd, pattern);
    }
    if (matches.length === 0 && patterns.length > 0) {
      throw new UserError(`no settings file matches "${pattern}".`);
    }
    matches.forEach((file) => files.add(file));
  }
  return [...files].sort();
}

function lintFile(cwd: string, path: string, os: AppServiceOs): FileResult {
  const text = fileText(readFileSync(path));
  const basePath = overlaidBasePath(path);
  const base = basePath && existsSync(basePath) ? readSettings(fileText(readFileSync(basePath)), basePath).entries : undefined;
  return { file: toSlashes(relative(cwd, path)), text, diagnostics: lintSettings(text, { fileName: path, os, base }) };
}

export const run = commandRunner(command, async (flags, io, patterns) => {
  const format = formatFlag(flags.format);
  const os = osFlag(flags.os);
  const cwd = process.cwd();
  const files = collectFiles(cwd, patterns);
  const results = files.map((file) => lintFile(cwd, file, os));
  const findings = results.flatMap(toFindings);
  if (format === 'json') {
    io.out(JSON.stringify(findings, null, 2));
  } else if (format === 'sarif') {
    io.out(JSON.stringify(toSarif(results), null, 2));
  } else {
    for (const f of findings) {
      io.out(`${printable(f.file)}:${f.line}:${f.column}: ${f.severity} ${f.code} ${printable(f.message)}`);
    }
    const count = (severity: string) => findings.filter((f) => f.severity === severity).length;
    io.out(`${files.length} file${files.length === 1 ? '' : 's'} checked: ${count('error')} errors, ${count('warning')} warnings, ${count('info')} info.`);
  }
  return findings.some((f) => f.severity === 'error') ? 1 : 0;
});
