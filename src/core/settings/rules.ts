// The lint rules. Each takes what the reader found and adds diagnostics with exact spans and,
// where the right edit is clear, fixes. Settings that are not ours are left alone.
import {
  EVENTS_SECTION, EVENT_SETTINGS, FQDN_KEY, FQDN_SETTING, eventNameUnder, eventSettingFor, isOurKey, parseDotnetBoolean,
} from './catalog';
import { checkNamespaceHost, joinWords } from './host';
import { nearest } from './nearest';
import { LineIndex } from './positions';
import { PortalItem, SettingEntry, SettingValue, SettingsDocument, lastSegmentSpan, spanOf } from './read';
import { AppServiceOs, Severity, SettingsDiagnostic, SettingsFix, TextSpan } from './types';

export interface RuleContext {
  text: string;
  document: SettingsDocument;
  os: AppServiceOs;
  /** Entries of the file this one overlays (appsettings.json under appsettings.{Environment}.json). */
  base: readonly SettingEntry[];
  report(code: string, severity: Severity, message: string, span: TextSpan, fixes?: SettingsFix[]): void;
  lineOf(offset: number): number;
}

export function createContext(text: string, document: SettingsDocument, os: AppServiceOs, base: readonly SettingEntry[]): { context: RuleContext; diagnostics: SettingsDiagnostic[] } {
  const diagnostics: SettingsDiagnostic[] = [];
  let lines: LineIndex | undefined;
  const context: RuleContext = {
    text, document, os, base,
    report: (code, severity, message, span, fixes = []) => diagnostics.push({ code, severity, message, span, fixes }),
    lineOf: (offset) => (lines ??= new LineIndex(text)).position(offset).line + 1,
  };
  return { context, diagnostics };
}

function replaceWith(span: TextSpan, value: string | boolean, title: string, preferred = false): SettingsFix {
  return { title, edits: [{ ...span, newText: JSON.stringify(value) }], preferred };
}

/** CTS101–CTS104: the namespace host name. */
export function checkFqdnValue(context: RuleContext, entry: SettingEntry): void {
  const value = entry.value;
  if (!value || value.kind === 'null') {
    return;
  }
  if (value.kind !== 'string') {
    context.report('CTS101', 'error', `${FQDN_SETTING} must be a string holding the namespace host name, not ${describeKind(value)}.`, value.span);
    return;
  }
  for (const finding of checkNamespaceHost(value.text ?? '')) {
    const fixes = finding.replacement ? [replaceWith(value.span, finding.replacement, `Use ${finding.replacement}`, true)] : [];
    context.report(finding.code, finding.severity, finding.message, value.span, fixes);
  }
}

const LIKELY_TRUE = new Set(['1', 'yes', 'y', 'on', 'enable', 'enabled', 't']);
const LIKELY_FALSE = new Set(['0', 'no', 'n', 'off', 'disable', 'disabled', 'f']);

/** CTS200: an event switch .NET will not read as a boolean. */
export function checkEventValue(context: RuleContext, entry: SettingEntry): void {
  const event = eventSettingFor(entry.key);
  const value = entry.value;
  if (!event || !value || value.kind === 'boolean') {
    return;
  }
  if (value.kind === 'string' && parseDotnetBoolean(value.text ?? '') !== undefined) {
    return;
  }
  const asString = context.document.shape !== 'appsettings' || value.kind === 'string';
  const guess = String(value.literal ?? '').trim().toLowerCase();
  const fixes = [true, false].map((flag) => {
    const newValue = asString ? (flag ? 'True' : 'False') : flag;
    const preferred = flag ? LIKELY_TRUE.has(guess) : LIKELY_FALSE.has(guess);
    return replaceWith(value.span, newValue, `Use ${String(newValue)}`, preferred);
  });
  context.report('CTS200', 'error', `${entry.name} is ${describeValue(value)}, which .NET does not read as a boolean, so ${event.eventType} events stay off; use True or False.`, value.span, fixes);
}

/** CTS201: a name under Features:Events that CT does not read. */
export function checkEventName(context: RuleContext, entry: SettingEntry): void {
  const name = eventNameUnder(entry.key);
  if (name === undefined || eventSettingFor(entry.key)) {
    return;
  }
  const written = entry.name.split(/:|__/).pop() ?? name;
  const segment = lastSegmentSpan(context.text, entry);
  const known = EVENT_SETTINGS.map((event) => event.name);
  const near = nearest(written, known);
  const fixes: SettingsFix[] = [];
  if (near) {
    const wholeToken = segment.offset === entry.nameSpan.offset;
    const newText = wholeToken ? JSON.stringify(entry.token.slice(0, entry.token.length - written.length) + near) : near;
    fixes.push({ title: `Rename to ${near}`, edits: [{ ...segment, newText }], preferred: true });
  }
  context.report('CTS201', 'warning', `"${written}" is not an event setting CT reads under ${EVENTS_SECTION} (${known.join(', ')})${near ? `; did you mean ${near}?` : '.'}`, segment, fixes);
}

/** CTS202: Azure Functions reads only strings under Values. */
export function checkFunctionsValue(context: RuleContext, entry: SettingEntry): void {
  const value = entry.value;
  if (context.document.shape !== 'functions' || !value || value.kind === 'string') {
    return;
  }
  const fixes = value.kind === 'boolean' || value.kind === 'number' ? [replaceWith(value.span, String(value.literal), `Use "${String(value.literal)}"`, true)] : [];
  context.report('CTS202', 'error', `Azure Functions reads only strings under "Values"; ${entry.name} is ${describeKind(value)}.`, value.span, fixes);
}

/** CTS400: `:` in a portal setting name, which App Service on Linux does not allow. */
export function checkColonName(context: RuleContext, entry: SettingEntry): void {
  if (context.document.shape !== 'portal' || !entry.name.includes(':') || context.os === 'windows') {
    return;
  }
  if (context.os === 'unknown' && !isOurKey(entry.key)) {
    return;
  }
  const renamed = entry.name.replace(/:/g, '__');
  const fixes = [replaceWith(entry.nameSpan, renamed, `Rename to ${renamed}`, context.os === 'linux')];
  if (context.os === 'linux') {
    context.report('CTS400', 'error', `App Service on Linux does not allow ":" in a setting name; use ${renamed} (.NET reads "__" as ":").`, entry.nameSpan, fixes);
  } else {
    context.report('CTS400', 'info', `If this App Service runs on Linux, ":" is not allowed in a setting name; there, use ${renamed}. Set the App Service OS (linux or windows) to decide.`, entry.nameSpan, fixes);
  }
}

/**
 * CTS300: the same setting twice once names are compared as .NET compares them. In one JSON file
 * .NET's JsonConfigurationFileParser stops the app ("A duplicate key '…' was found"); where
 * settings come from several sources (portal, environment variables, local.settings.json's
 * Values) the later one wins.
 */
export function checkDuplicates(context: RuleContext): void {
  for (const group of context.document.repeats) {
    const winner = group[group.length - 1];
    // Only our settings' values are repeated in a message; others may be secrets.
    const later = isOurKey(winner.key) && winner.value ? `the later value ${describeValue(winner.value)}` : 'the later value';
    const consequence = context.document.shape === 'appsettings'
      ? `.NET's JSON configuration provider refuses a file with duplicate keys at startup ("A duplicate key was found"); when settings are merged from several sources, ${later} wins.`
      : `${later[0].toUpperCase()}${later.slice(1)} (line ${context.lineOf(winner.nameSpan.offset)}) wins.`;
    const times = group.length === 2 ? 'twice' : `${group.length} times`;
    const spelledAlike = group.every((entry) => entry.name === winner.name);
    for (const entry of group) {
      const others = group.filter((other) => other !== entry).map((other) => context.lineOf(other.nameSpan.offset));
      const where = `also on line${others.length > 1 ? 's' : ''} ${joinWords(others.map(String))}${spelledAlike ? '' : '; names match regardless of case, "__" or nesting'}`;
      context.report('CTS300', 'warning', `${entry.name} is set ${times} (${where}). ${consequence}`, entry.nameSpan);
    }
  }
}

/** CTS100: an event is switched on but no namespace is set, so nothing is published. */
export function checkMissingFqdn(context: RuleContext): void {
  const ours = context.document.ours;
  const own = new Set(ours);
  const effective = new Map<string, SettingEntry>();
  for (const entry of context.base) {
    if (isOurKey(entry.key)) {
      effective.set(entry.key, entry);
    }
  }
  for (const entry of ours) {
    effective.set(entry.key, entry);
  }
  const enabled = [...effective.values()].filter((entry) => eventSettingFor(entry.key) && isTrue(entry.value));
  if (enabled.length === 0) {
    return;
  }
  const fqdn = effective.get(FQDN_KEY);
  const fqdnValue = fqdn?.value;
  const empty = !fqdnValue || fqdnValue.kind === 'null' || (fqdnValue.kind === 'string' && (fqdnValue.text ?? '').trim() === '');
  if (!empty) {
    return;
  }
  const types = enabled.map((entry) => eventSettingFor(entry.key)?.eventType).join(', ');
  if (fqdn && fqdnValue && own.has(fqdn)) {
    context.report('CTS100', 'error', `${FQDN_SETTING} is empty while events are enabled (${types}), so CT cannot publish them.`, fqdnValue.span);
    return;
  }
  const anchor = enabled.find((entry) => own.has(entry));
  if (anchor) {
    const where = context.base.length > 0 ? 'this file or the appsettings.json it overlays' : 'this file';
    context.report('CTS100', 'error', `Events are enabled (${types}) but ${FQDN_SETTING} is not set in ${where}, so CT cannot publish them.`, anchor.nameSpan);
  }
}

/** CTS500–CTS502: the portal array's item shape. */
export function checkPortalItem(context: RuleContext, item: PortalItem): void {
  const start = { offset: item.node.offset, length: 1 };
  if (item.node.type !== 'object') {
    context.report('CTS500', 'error', 'Each item of the portal array must be an object {"name", "value", "slotSetting"}.', spanOf(item.node));
    return;
  }
  if (!item.name) {
    context.report('CTS500', 'error', 'This item has no "name".', start);
  } else if (item.name.type !== 'string' || String(item.name.value).length === 0) {
    context.report('CTS500', 'error', '"name" must be a non-empty string.', spanOf(item.name));
  }
  if (!item.value) {
    context.report('CTS501', 'error', 'This item has no "value".', start);
  } else if (item.value.type !== 'string') {
    const literal = item.value.value as unknown;
    const fixes = typeof literal === 'boolean' || typeof literal === 'number' ? [replaceWith(spanOf(item.value), String(literal), `Use "${String(literal)}"`, true)] : [];
    context.report('CTS501', 'error', `"value" must be a string, not ${item.value.type === 'null' ? 'null' : `a ${item.value.type}`}.`, spanOf(item.value), fixes);
  }
  if (item.slotSetting && item.slotSetting.type !== 'boolean') {
    const flag = item.slotSetting.type === 'string' ? parseDotnetBoolean(String(item.slotSetting.value)) : undefined;
    const fixes = flag === undefined ? [] : [replaceWith(spanOf(item.slotSetting), flag, `Use ${String(flag)}`, true)];
    context.report('CTS502', 'error', `"slotSetting" must be the JSON boolean true or false, not ${item.slotSetting.type === 'string' ? 'a string' : `a ${item.slotSetting.type}`}.`, spanOf(item.slotSetting), fixes);
  }
}

export function isTrue(value: SettingValue | undefined): boolean {
  if (!value) {
    return false;
  }
  return value.literal === true || (value.kind === 'string' && parseDotnetBoolean(value.text ?? '') === true);
}

function describeKind(value: SettingValue): string {
  switch (value.kind) {
    case 'string': return 'a string';
    case 'null': return 'null';
    case 'array': return 'an array';
    case 'object': return 'an object';
    default: return `a JSON ${value.kind}`;
  }
}

function describeValue(value: SettingValue): string {
  if (value.kind === 'string') {
    const text = value.text ?? '';
    return text.trim() === '' ? 'empty' : text.length > 40 ? `"${text.slice(0, 40)}…"` : `"${text}"`;
  }
  if (value.kind === 'boolean' || value.kind === 'number') {
    return `${value.kind === 'number' ? 'the number ' : ''}${String(value.literal)}`;
  }
  return describeKind(value);
}
