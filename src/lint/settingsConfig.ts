// The extension's settings for the linter: which files are settings files, and the App Service OS.
import * as vscode from 'vscode';
import { AppServiceOs, DEFAULT_SETTINGS_GLOBS } from '../core/settings';

export function settingsGlobs(): string[] {
  const globs = vscode.workspace.getConfiguration('ctEvents').get<string[]>('settingsFiles');
  return Array.isArray(globs) && globs.length > 0 ? globs : [...DEFAULT_SETTINGS_GLOBS];
}

export function appServiceOs(): AppServiceOs {
  const os = vscode.workspace.getConfiguration('ctEvents').get<string>('appService.os');
  return os === 'linux' || os === 'windows' ? os : 'unknown';
}
