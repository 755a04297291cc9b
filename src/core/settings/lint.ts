// Lints one settings file: reads it, then runs every rule over what it holds.
import { FQDN_KEY } from './catalog';
import { SettingEntry, SettingsDocument, readSettings } from './read';
import {
  checkColonName, checkDuplicates, checkEventName, checkEventValue, checkFqdnValue, checkFunctionsValue, checkMissingFqdn,
  checkPortalItem, createContext,
} from './rules';
import { AppServiceOs, SettingsDiagnostic } from './types';

export interface LintOptions {
  /** The file's name or path; `local.settings.json` selects the Azure Functions shape. */
  fileName?: string;
  os?: AppServiceOs;
  /** Entries of the file this one overlays (appsettings.json under appsettings.{Environment}.json). */
  base?: readonly SettingEntry[];
}

export function lintSettings(text: string, options: LintOptions = {}): SettingsDiagnostic[] {
  return lintDocument(text, readSettings(text, options.fileName), options);
}

export function lintDocument(text: string, document: SettingsDocument, options: LintOptions = {}): SettingsDiagnostic[] {
  if (document.faults.length > 0) {
    return document.faults;
  }
  const { context, diagnostics } = createContext(text, document, options.os ?? 'unknown', options.base ?? []);
  for (const item of document.portalItems) {
    checkPortalItem(context, item);
  }
  for (const entry of document.ours) {
    if (entry.key === FQDN_KEY) {
      checkFqdnValue(context, entry);
    } else {
      checkEventValue(context, entry);
      checkEventName(context, entry);
    }
  }
  if (document.shape === 'functions') {
    document.entries.forEach((entry) => checkFunctionsValue(context, entry));
  } else if (document.shape === 'portal') {
    document.entries.forEach((entry) => checkColonName(context, entry));
  }
  checkDuplicates(context);
  checkMissingFqdn(context);
  return diagnostics.sort((a, b) => a.span.offset - b.span.offset || a.code.localeCompare(b.code));
}
