// The namespaces the workspace's app settings name (ServiceBusNamespaceFQDN), so "Add Namespace"
// can offer them. Read with the linter's reader; a value that is not a clean host name (a pasted
// connection string may carry a key) is never offered or echoed. Pure (no vscode).
import { effectiveSettings, readSettings } from '../core/settings';
import { FQDN_SETTING } from '../core/settings/catalog';
import { validateHostName } from './validation';

export interface SettingsText {
  /** Workspace-relative path, shown beside the host. */
  name: string;
  text: string;
}

export interface FoundNamespace {
  host: string;
  /** The files that name it. */
  files: string[];
}

export function namespacesInSettings(files: readonly SettingsText[]): FoundNamespace[] {
  const found = new Map<string, FoundNamespace>();
  for (const file of files) {
    const document = readSettings(file.text, file.name);
    const value = effectiveSettings([{ name: file.name, entries: document.entries }]).find((row) => row.setting === FQDN_SETTING);
    if (value?.from === undefined || validateHostName(value.value) !== undefined) {
      continue;
    }
    const host = value.value.trim().toLowerCase();
    const entry = found.get(host) ?? { host, files: [] };
    entry.files.push(file.name);
    found.set(host, entry);
  }
  return [...found.values()];
}
