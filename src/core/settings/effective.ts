// How .NET overlays appsettings.{Environment}.json on appsettings.json, and the effective values
// of CT's settings that result. Values that are not a clean host name are never echoed (a pasted
// connection string may carry a key).
import { EVENT_SETTINGS, EVENTS_SECTION, FQDN_KEY, FQDN_SETTING, normalizeKey, parseDotnetBoolean } from './catalog';
import { checkNamespaceHost } from './host';
import { SettingEntry } from './read';

/** "Production" for appsettings.Production.json; undefined for appsettings.json and other files. */
export function environmentOf(fileName: string): string | undefined {
  const base = fileName.split(/[\\/]/).pop() ?? '';
  return /^appsettings\.(.+)\.json$/i.exec(base)?.[1];
}

/** The path of the appsettings.json an environment file overlays, or undefined. */
export function overlaidBasePath(filePath: string): string | undefined {
  if (environmentOf(filePath) === undefined) {
    return undefined;
  }
  const cut = Math.max(filePath.lastIndexOf('/'), filePath.lastIndexOf('\\'));
  return `${filePath.slice(0, cut + 1)}appsettings.json`;
}

export interface EffectiveSetting {
  setting: string;
  /** What .NET ends up with, in words. */
  value: string;
  /** The file the value comes from, or undefined when not set. */
  from: string | undefined;
}

export interface OverlayFile {
  name: string;
  entries: readonly SettingEntry[];
}

/** The effective value of each of CT's settings when `files` are applied in order (later wins). */
export function effectiveSettings(files: readonly OverlayFile[]): EffectiveSetting[] {
  const last = new Map<string, { entry: SettingEntry; from: string }>();
  for (const file of files) {
    for (const entry of file.entries) {
      last.set(entry.key, { entry, from: file.name });
    }
  }
  const rows: EffectiveSetting[] = [];
  const fqdn = last.get(FQDN_KEY);
  rows.push({ setting: FQDN_SETTING, value: fqdn ? describeHost(fqdn.entry) : 'not set', from: fqdn?.from });
  for (const event of EVENT_SETTINGS) {
    const name = `${EVENTS_SECTION}:${event.name}`;
    const found = last.get(normalizeKey(name));
    rows.push({ setting: name, value: found ? describeSwitch(found.entry) : 'not set (off)', from: found?.from });
  }
  return rows;
}

function describeHost(entry: SettingEntry): string {
  const value = entry.value;
  if (!value || value.kind !== 'string' || (value.text ?? '').trim() === '') {
    return 'empty';
  }
  const broken = checkNamespaceHost(value.text ?? '').some((finding) => finding.code === 'CTS101');
  return broken ? 'not a bare host name' : value.text ?? '';
}

function describeSwitch(entry: SettingEntry): string {
  const value = entry.value;
  const flag = value?.kind === 'boolean' ? value.literal === true : value?.kind === 'string' ? parseDotnetBoolean(value.text ?? '') : undefined;
  return flag === undefined ? 'off (not a boolean)' : flag ? 'on' : 'off';
}
