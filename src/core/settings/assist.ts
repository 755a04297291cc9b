// Editor help over a settings file: hover text for CT's known settings and completion of the
// names and values under Features:Events, in whichever shape the file has.
import { Node, findNodeAtOffset, getLocation, getNodePath, parseTree } from 'jsonc-parser';
import { EVENT_SETTINGS, EVENTS_SECTION, FQDN_SETTING, describeSetting, eventSettingFor, normalizeKey } from './catalog';
import { propertyValue, spanOf } from './read';
import { TextSpan } from './types';

export interface Hover {
  markdown: string;
  span: TextSpan;
}

export interface Completion {
  label: string;
  /** Text to insert (replacing `replace` when given). */
  insertText: string;
  kind: 'property' | 'value';
  documentation?: string;
  replace?: TextSpan;
}

type Segment = string | number;

function isFunctions(root: Node | undefined, fileName: string): boolean {
  const base = fileName.split(/[\\/]/).pop()?.toLowerCase() ?? '';
  return root?.type === 'object' && propertyValue(root, 'Values')?.type === 'object' && (base === 'local.settings.json' || propertyValue(root, 'IsEncrypted') !== undefined);
}

/** The setting name a path inside an object-shaped file stands for, or undefined outside the settings. */
function nameOfPath(path: Segment[], functions: boolean): string | undefined {
  const inner = functions ? (path[0] === 'Values' ? path.slice(1) : undefined) : path;
  if (!inner || inner.length === 0 || inner.some((segment) => typeof segment !== 'string')) {
    return undefined;
  }
  return inner.join(':');
}

function portalName(root: Node, index: number): string | undefined {
  const item = root.children?.[index];
  const name = item?.type === 'object' ? propertyValue(item, 'name') : undefined;
  return name?.type === 'string' ? String(name.value) : undefined;
}

export function hoverAt(text: string, offset: number, fileName = ''): Hover | undefined {
  const root = parseTree(text, [], { allowTrailingComma: true });
  const node = root ? findNodeAtOffset(root, offset, true) : undefined;
  if (!root || !node || node.type !== 'string' && node.type !== 'boolean' && node.type !== 'number' && node.type !== 'null') {
    return undefined;
  }
  const path = getNodePath(node);
  let name: string | undefined;
  if (root.type === 'array') {
    name = typeof path[0] === 'number' ? portalName(root, path[0]) : undefined;
  } else {
    name = nameOfPath(path, isFunctions(root, fileName));
  }
  const markdown = name === undefined ? undefined : describeSetting(normalizeKey(name));
  return markdown ? { markdown, span: spanOf(node) } : undefined;
}

export function completionsAt(text: string, offset: number, fileName = ''): Completion[] {
  const root = parseTree(text, [], { allowTrailingComma: true });
  const location = getLocation(text, offset);
  const path = location.path;
  const previous = location.previousNode;
  // The token being typed: a key (the property's first child) or a value.
  const token = previous?.type === 'property' ? previous.children?.[0] ?? previous : previous;
  const replace = token ? spanOf(token) : undefined;

  if (root?.type === 'array') {
    if (path.length === 2 && typeof path[0] === 'number' && path[1] === 'name' && !location.isAtPropertyKey) {
      return [FQDN_SETTING, ...EVENT_SETTINGS.map((e) => `${EVENTS_SECTION}:${e.name}`.replace(/:/g, '__'))].map((label) => ({
        label, insertText: JSON.stringify(label), kind: 'property', documentation: describeSetting(normalizeKey(label)), replace,
      }));
    }
    if (path.length === 2 && typeof path[0] === 'number' && path[1] === 'value' && !location.isAtPropertyKey) {
      const name = portalName(root, path[0]);
      return name && eventSettingFor(normalizeKey(name)) ? booleanValues(true, replace) : [];
    }
    return [];
  }

  const functions = isFunctions(root, fileName);
  if (location.isAtPropertyKey) {
    const section = nameOfPath(path.slice(0, -1), functions);
    if (section !== undefined && normalizeKey(section) === normalizeKey(EVENTS_SECTION)) {
      return EVENT_SETTINGS.map((event) => propertyCompletion(event.name, `${EVENTS_SECTION}:${event.name}`, functions, replace));
    }
    const atTop = functions ? path.length === 2 && path[0] === 'Values' : path.length === 1;
    if (atTop) {
      return [FQDN_SETTING, ...EVENT_SETTINGS.map((e) => `${EVENTS_SECTION}:${e.name}`)].map((name) => propertyCompletion(name, name, true, replace));
    }
    return [];
  }
  const name = nameOfPath(path, functions);
  if (name !== undefined && eventSettingFor(normalizeKey(name))) {
    return booleanValues(functions, replace);
  }
  return [];
}

function propertyCompletion(label: string, fullName: string, stringValue: boolean, replace: TextSpan | undefined): Completion {
  const documentation = describeSetting(normalizeKey(fullName));
  // Inside an existing key only the name is replaced; on an empty spot the whole property goes in.
  const value = eventSettingFor(normalizeKey(fullName)) ? (stringValue ? '"True"' : 'true') : '""';
  return { label, insertText: replace ? JSON.stringify(label) : `${JSON.stringify(label)}: ${value}`, kind: 'property', documentation, replace };
}

function booleanValues(asString: boolean, replace: TextSpan | undefined): Completion[] {
  return [true, false].map((flag) => {
    const label = asString ? (flag ? 'True' : 'False') : String(flag);
    return { label, insertText: asString ? JSON.stringify(label) : label, kind: 'value', replace };
  });
}
