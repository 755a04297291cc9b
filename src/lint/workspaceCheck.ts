// "CT Events: Validate App Settings in Workspace": lints every settings file in the workspace
// (files.exclude respected), puts the results in the Problems panel, sums them up, and logs per
// folder the effective values when appsettings.json is overlaid by appsettings.{Environment}.json.
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  LineIndex, OverlayFile, SKIPPED_FOLDERS, Severity, SettingsDiagnostic, SettingEntry, effectiveSettings, environmentOf, lintSettings,
  readSettings,
} from '../core/settings';
import { Log } from '../log';
import { appServiceOs, settingsGlobs } from './settingsConfig';

export interface WorkspaceCheckResult {
  files: string[];
  errors: number;
  warnings: number;
  infos: number;
  /** Per folder with environment files: the effective values of CT's settings per environment. */
  effective: { folder: string; environment: string; settings: ReturnType<typeof effectiveSettings> }[];
}

const SEVERITY: Record<Severity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

function toDiagnostics(text: string, found: SettingsDiagnostic[]): vscode.Diagnostic[] {
  const lines = new LineIndex(text);
  return found.map((d) => {
    const start = lines.position(d.span.offset);
    const end = lines.position(d.span.offset + d.span.length);
    const diagnostic = new vscode.Diagnostic(new vscode.Range(start.line, start.character, end.line, end.character), d.message, SEVERITY[d.severity]);
    diagnostic.code = d.code;
    diagnostic.source = 'ct-events';
    return diagnostic;
  });
}

async function findSettingsFiles(token: vscode.CancellationToken): Promise<vscode.Uri[]> {
  const found = new Map<string, vscode.Uri>();
  for (const glob of settingsGlobs()) {
    // No exclude argument: VS Code then applies files.exclude.
    for (const uri of await vscode.workspace.findFiles(glob, undefined, undefined, token)) {
      if (!uri.path.split('/').some((segment) => SKIPPED_FOLDERS.has(segment))) {
        found.set(uri.toString(), uri);
      }
    }
  }
  return [...found.values()].sort((a, b) => a.path.localeCompare(b.path));
}

async function readText(uri: vscode.Uri): Promise<string | undefined> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open) {
    return open.getText();
  }
  try {
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  } catch {
    return undefined;
  }
}

export async function validateWorkspace(collection: vscode.DiagnosticCollection, log: Log, token: vscode.CancellationToken): Promise<WorkspaceCheckResult> {
  const uris = await findSettingsFiles(token);
  const os = appServiceOs();
  const entriesByPath = new Map<string, readonly SettingEntry[]>();
  const texts = new Map<string, string>();
  for (const uri of uris) {
    const text = await readText(uri);
    if (text !== undefined) {
      texts.set(uri.toString(), text);
      entriesByPath.set(uri.fsPath, readSettings(text, uri.fsPath).entries);
    }
  }
  const result: WorkspaceCheckResult = { files: [], errors: 0, warnings: 0, infos: 0, effective: [] };
  collection.clear();
  for (const uri of uris) {
    if (token.isCancellationRequested) {
      throw new vscode.CancellationError();
    }
    const text = texts.get(uri.toString());
    if (text === undefined) {
      continue;
    }
    const basePath = environmentOf(uri.fsPath) === undefined ? undefined : path.join(path.dirname(uri.fsPath), 'appsettings.json');
    const found = lintSettings(text, { fileName: uri.fsPath, os, base: basePath ? entriesByPath.get(basePath) : undefined });
    result.files.push(vscode.workspace.asRelativePath(uri));
    result.errors += found.filter((d) => d.severity === 'error').length;
    result.warnings += found.filter((d) => d.severity === 'warning').length;
    result.infos += found.filter((d) => d.severity === 'info').length;
    // An open file is linted live by the language server; listing it here too would show it twice.
    const isOpen = vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString());
    if (!isOpen) {
      collection.set(uri, toDiagnostics(text, found));
    }
  }
  reportEffectiveValues(uris, entriesByPath, result, log);
  return result;
}

function reportEffectiveValues(uris: vscode.Uri[], entriesByPath: Map<string, readonly SettingEntry[]>, result: WorkspaceCheckResult, log: Log): void {
  const folders = new Map<string, vscode.Uri[]>();
  for (const uri of uris) {
    if (environmentOf(uri.fsPath) !== undefined) {
      const folder = path.dirname(uri.fsPath);
      folders.set(folder, [...(folders.get(folder) ?? []), uri]);
    }
  }
  for (const [folder, environmentFiles] of folders) {
    const basePath = path.join(folder, 'appsettings.json');
    const base: OverlayFile = { name: 'appsettings.json', entries: entriesByPath.get(basePath) ?? [] };
    const shownFolder = vscode.workspace.asRelativePath(folder);
    for (const uri of environmentFiles) {
      const environment = environmentOf(uri.fsPath) ?? '';
      const settings = effectiveSettings([base, { name: path.basename(uri.fsPath), entries: entriesByPath.get(uri.fsPath) ?? [] }]);
      result.effective.push({ folder: shownFolder, environment, settings });
      log.info(`effective settings in ${shownFolder} for ${environment}: ${settings.map((s) => `${s.setting} = ${s.value}${s.from ? ` (${s.from})` : ''}`).join('; ')}`);
    }
  }
}
