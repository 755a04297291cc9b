// Reads a settings file into a flat list of entries, whatever its shape: appsettings*.json
// (nested or flat keys), local.settings.json (the `Values` object) or the portal's
// Advanced-edit array. Every entry keeps the exact spans of its name and value in the text.
import { Node, ParseError, ParseOptions, createScanner, parseTree, printParseErrorCode, visit } from 'jsonc-parser';
import { isKnownLeaf, isOurKey, normalizeKey, sectionMayHoldOurs } from './catalog';
import { NameNode, repeatedNames } from './names';
import { SettingsDiagnostic, TextSpan } from './types';

export type SettingsShape = 'appsettings' | 'functions' | 'portal';

export type ValueKind = 'string' | 'boolean' | 'number' | 'null' | 'object' | 'array';

export interface SettingValue {
  kind: ValueKind;
  /** The decoded string, for string values. */
  text?: string;
  /** The JSON value itself, for scalars. */
  literal?: string | number | boolean | null;
  span: TextSpan;
}

export interface SettingEntry {
  /** The name as written, nested sections joined with `:`. */
  name: string;
  /** The name as .NET looks it up. */
  key: string;
  /** The JSON string token that names the setting (quotes included). */
  nameSpan: TextSpan;
  /** The decoded text of that token (the innermost key of a nested name). */
  token: string;
  value: SettingValue | undefined;
}

export interface PortalItem {
  node: Node;
  name: Node | undefined;
  value: Node | undefined;
  slotSetting: Node | undefined;
}

export interface SettingsDocument {
  shape: SettingsShape | undefined;
  entries: SettingEntry[];
  /** Items of the portal array, for the shape rules. */
  portalItems: PortalItem[];
  /** Entries that name the same setting once names are compared as .NET compares them; each group in document order. */
  repeats: SettingEntry[][];
  /** Entries that name CT's own settings (the namespace and the event switches), in document order. */
  ours: SettingEntry[];
  /** Faults found while reading (syntax, shape); when present, the rules do not run. */
  faults: SettingsDiagnostic[];
}

const BOM = '\uFEFF';
const PARSE_OPTIONS: ParseOptions = { allowTrailingComma: true, disallowComments: false, allowEmptyContent: true };

/**
 * .NET reads configuration JSON with System.Text.Json's default MaxDepth of 64 and stops the app
 * at startup when a file nests deeper, so deeper nesting is a fault, not just unusual.
 */
export const MAX_JSON_DEPTH = 64;

export function readSettings(text: string, fileName = ''): SettingsDocument {
  // .NET accepts a byte-order mark; a space keeps every offset where it is.
  const source = text.startsWith(BOM) ? ` ${text.slice(1)}` : text;
  try {
    // Objects, the common and possibly large shape, are read in one streaming pass without a tree.
    return firstToken(source) === '{' ? readObjectFile(source, fileName) : readOtherFile(source);
  } catch (error) {
    // jsonc-parser recurses once per nesting level: thousands of levels overflow the stack.
    const tooDeep = error instanceof RangeError ? depthFault(source) : undefined;
    if (tooDeep) {
      return { shape: undefined, entries: [], portalItems: [], repeats: [], ours: [], faults: [tooDeep] };
    }
    throw error;
  }
}

function nestedTooDeep(offset: number): SettingsDiagnostic {
  return fault('CTS001', `Nested more than ${MAX_JSON_DEPTH} levels deep: .NET's configuration reader (System.Text.Json) refuses the file at startup.`, { offset, length: 1 });
}

/** CTS001 at the first object or array nested deeper than .NET reads, found by scanning tokens (no recursion). */
function depthFault(source: string): SettingsDiagnostic | undefined {
  // Punctuation is told by its character: jsonc-parser's SyntaxKind is a const enum, which
  // isolated modules cannot read.
  const scanner = createScanner(source, true);
  let depth = 0;
  for (scanner.scan(); scanner.getTokenOffset() < source.length; scanner.scan()) {
    const punctuation = scanner.getTokenLength() === 1 ? source.charAt(scanner.getTokenOffset()) : '';
    if (punctuation === '{' || punctuation === '[') {
      depth++;
      if (depth > MAX_JSON_DEPTH) {
        return nestedTooDeep(scanner.getTokenOffset());
      }
    } else if (punctuation === '}' || punctuation === ']') {
      depth--;
    }
  }
  return undefined;
}

/** The first character of the first token, comments and white space skipped. */
function firstToken(source: string): string {
  const scanner = createScanner(source, true);
  scanner.scan();
  return source.charAt(scanner.getTokenOffset());
}

function readOtherFile(source: string): SettingsDocument {
  const document: SettingsDocument = { shape: undefined, entries: [], portalItems: [], repeats: [], ours: [], faults: [] };
  const errors: ParseError[] = [];
  const root = parseTree(source, errors, PARSE_OPTIONS);
  if (errors.length > 0) {
    document.faults.push(syntaxFault(errors[0], source.length));
  } else if (root === undefined) {
    document.faults.push(fault('CTS001', 'The file is empty; a settings file holds a JSON object (or the portal\'s array).', { offset: 0, length: 0 }));
  } else if (root.type === 'array') {
    document.shape = 'portal';
    readPortal(root, document);
    document.repeats = repeatedNames(document.entries);
    document.ours = document.entries.filter((entry) => isOurKey(entry.key));
  } else {
    document.faults.push(fault('CTS002', 'A settings file holds a JSON object (or the portal\'s array of {name, value}), not a single value.', spanOf(root)));
  }
  return document;
}

interface Frame {
  /** The full name of this object as written; undefined for the root. */
  name: string | undefined;
  /** The same name as .NET looks it up (normalizeKey of `name`), built one segment at a time. */
  key: string | undefined;
  /**
   * Where this object's settings are filed by name. Undefined for an opaque container (an object
   * or array where a scalar setting belongs, or any array): its contents are not settings.
   */
  names: NameNode<SettingEntry> | undefined;
  /** Whether a setting in this object can be one of ours; saves testing every key of a large file. */
  mayHoldOurs: boolean;
  /** The top-level property this object sits under. */
  top: string | undefined;
  /** The entry whose value this container is, when it is one. */
  entry?: SettingEntry;
  start: number;
}

/** appsettings*.json and local.settings.json: one visitor pass collecting leaf settings. */
function readObjectFile(source: string, fileName: string): SettingsDocument {
  const document: SettingsDocument = { shape: 'appsettings', entries: [], portalItems: [], repeats: [], ours: [], faults: [] };
  const tops: string[] = [];
  let values: SettingValue | undefined;
  let isEncrypted = false;
  const stack: Frame[] = [];
  // The property name waiting for its value; kept in locals so a key costs no object of its own.
  let pending: string | undefined;
  let pendingOffset = 0;
  let pendingLength = 0;
  let error: ParseError | undefined;
  let tooDeep: SettingsDiagnostic | undefined;

  // Normalizing one segment at a time gives normalizeKey(name), as `__` never spans a `:`.
  const addEntry = (parent: Frame, names: NameNode<SettingEntry>, token: string, segmentKey: string, value: SettingValue): SettingEntry => {
    const entry: SettingEntry = {
      name: parent.name === undefined ? token : `${parent.name}:${token}`,
      key: parent.key === undefined ? segmentKey : `${parent.key}:${segmentKey}`,
      nameSpan: { offset: pendingOffset, length: pendingLength },
      token,
      value,
    };
    tops.push(parent.top ?? token);
    document.entries.push(entry);
    const group = names.descend(segmentKey).add(entry);
    if (group?.length === 2) {
      document.repeats.push(group);
    }
    if (parent.mayHoldOurs && isOurKey(entry.key)) {
      document.ours.push(entry);
    }
    if (parent.name === undefined && token === 'Values') {
      values = value;
    }
    return entry;
  };

  const open = (kind: 'object' | 'array', offset: number): void => {
    if (stack.length === MAX_JSON_DEPTH) {
      tooDeep ??= nestedTooDeep(offset);
    }
    const parent = stack[stack.length - 1];
    const token = pending;
    pending = undefined;
    if (!parent) {
      stack.push({ name: undefined, key: undefined, names: new NameNode(), mayHoldOurs: true, top: undefined, start: offset });
      return;
    }
    if (parent.names === undefined || token === undefined) {
      stack.push({ name: undefined, key: undefined, names: undefined, mayHoldOurs: false, top: undefined, start: offset });
      return;
    }
    const segmentKey = normalizeKey(token);
    const key = parent.key === undefined ? segmentKey : `${parent.key}:${segmentKey}`;
    if (kind === 'object' && !isKnownLeaf(key)) {
      const name = parent.name === undefined ? token : `${parent.name}:${token}`;
      stack.push({ name, key, names: parent.names.descend(segmentKey), mayHoldOurs: parent.mayHoldOurs && sectionMayHoldOurs(key), top: parent.top ?? token, start: offset });
      if (parent.name === undefined && token === 'Values') {
        values = { kind: 'object', span: { offset, length: 0 } };
      }
      return;
    }
    const entry = addEntry(parent, parent.names, token, segmentKey, { kind, span: { offset, length: 0 } });
    stack.push({ name: undefined, key: undefined, names: undefined, mayHoldOurs: false, top: undefined, entry, start: offset });
  };

  const close = (offset: number, length: number): void => {
    const frame = stack.pop();
    if (frame?.entry?.value) {
      frame.entry.value.span.length = offset + length - frame.start;
    }
  };

  visit(source, {
    onObjectBegin: (offset) => open('object', offset),
    onObjectEnd: close,
    onArrayBegin: (offset) => open('array', offset),
    onArrayEnd: close,
    onObjectProperty: (property, offset, length) => {
      pending = property;
      pendingOffset = offset;
      pendingLength = length;
      if (stack.length === 1 && property === 'IsEncrypted') {
        isEncrypted = true;
      }
    },
    onLiteralValue: (value: unknown, offset, length) => {
      const parent = stack[stack.length - 1];
      const token = pending;
      pending = undefined;
      if (parent?.names !== undefined && token !== undefined) {
        addEntry(parent, parent.names, token, normalizeKey(token), literalValue(value, offset, length));
      }
    },
    onError: (code, offset, length) => {
      error ??= { error: code, offset, length };
    },
  }, PARSE_OPTIONS);

  if (error || tooDeep) {
    return { shape: undefined, entries: [], portalItems: [], repeats: [], ours: [], faults: [error ? syntaxFault(error, source.length) : tooDeep as SettingsDiagnostic] };
  }
  if (isFunctionsFile(fileName, isEncrypted, values)) {
    return functionsDocument(document, tops, values);
  }
  return document;
}

function isFunctionsFile(fileName: string, isEncrypted: boolean, values: SettingValue | undefined): boolean {
  const base = fileName.split(/[\\/]/).pop()?.toLowerCase() ?? '';
  return values !== undefined && (base === 'local.settings.json' || (isEncrypted && values.kind === 'object'));
}

/** local.settings.json: only what sits under "Values" is a setting, named without that prefix. */
function functionsDocument(document: SettingsDocument, tops: string[], values: SettingValue | undefined): SettingsDocument {
  if (values?.kind !== 'object') {
    const span = values?.span ?? { offset: 0, length: 0 };
    return { shape: 'functions', entries: [], portalItems: [], repeats: [], ours: [], faults: [fault('CTS002', '"Values" must be an object of setting names and string values.', span)] };
  }
  const entries = document.entries
    .filter((_, index) => tops[index] === 'Values' && document.entries[index].name !== 'Values')
    .map((entry) => {
      const name = entry.name.slice('Values:'.length);
      return { ...entry, name, key: normalizeKey(name) };
    });
  return { shape: 'functions', entries, portalItems: [], repeats: repeatedNames(entries), ours: entries.filter((entry) => isOurKey(entry.key)), faults: [] };
}

function literalValue(value: unknown, offset: number, length: number): SettingValue {
  const span = { offset, length };
  if (typeof value === 'string') {
    return { kind: 'string', text: value, literal: value, span };
  }
  if (typeof value === 'boolean' || typeof value === 'number') {
    return { kind: typeof value === 'boolean' ? 'boolean' : 'number', literal: value, span };
  }
  return { kind: 'null', literal: null, span };
}

function readPortal(root: Node, document: SettingsDocument): void {
  for (const node of root.children ?? []) {
    const item: PortalItem = {
      node,
      name: node.type === 'object' ? propertyValue(node, 'name') : undefined,
      value: node.type === 'object' ? propertyValue(node, 'value') : undefined,
      slotSetting: node.type === 'object' ? propertyValue(node, 'slotSetting') : undefined,
    };
    document.portalItems.push(item);
    if (item.name?.type === 'string' && String(item.name.value).length > 0) {
      const name = String(item.name.value);
      document.entries.push({
        name,
        key: normalizeKey(name),
        nameSpan: spanOf(item.name),
        token: name,
        value: item.value ? valueOf(item.value) : undefined,
      });
    }
  }
}

/** The value of an object's property; the last one when repeated, as .NET reads it. */
export function propertyValue(object: Node, name: string): Node | undefined {
  let found: Node | undefined;
  for (const property of object.children ?? []) {
    const [keyNode, valueNode] = property.children ?? [];
    if (keyNode?.value === name) {
      found = valueNode;
    }
  }
  return found;
}

function valueOf(node: Node): SettingValue {
  const span = spanOf(node);
  switch (node.type) {
    case 'string':
      return { kind: 'string', text: String(node.value), literal: String(node.value), span };
    case 'boolean':
    case 'number':
      return { kind: node.type, literal: node.value as boolean | number, span };
    case 'null':
      return { kind: 'null', literal: null, span };
    default:
      return { kind: node.type === 'array' ? 'array' : 'object', span };
  }
}

/** The span of the name's last `:` or `__` segment inside its quotes, or the whole token when it uses escapes. */
export function lastSegmentSpan(source: string, entry: SettingEntry): TextSpan {
  const { offset, length } = entry.nameSpan;
  const raw = source.slice(offset + 1, offset + length - 1);
  if (raw !== entry.token) {
    return entry.nameSpan;
  }
  let start = 0;
  const separator = /:|__/g;
  for (let match = separator.exec(raw); match; match = separator.exec(raw)) {
    start = match.index + match[0].length;
  }
  return { offset: offset + 1 + start, length: raw.length - start };
}

export function spanOf(node: Node): TextSpan {
  return { offset: node.offset, length: node.length };
}

function fault(code: string, message: string, span: TextSpan): SettingsDiagnostic {
  return { code, severity: 'error', message, span, fixes: [] };
}

// Keyed by printParseErrorCode's names: jsonc-parser's codes are a const enum.
const SYNTAX_MESSAGES: Record<string, string> = {
  InvalidSymbol: 'Unexpected character; this is not valid JSON here.',
  InvalidNumberFormat: 'This number is not valid JSON.',
  PropertyNameExpected: 'A property name in double quotes is expected here.',
  ValueExpected: 'A value is expected here.',
  ColonExpected: 'A colon is expected here, between the name and its value.',
  CommaExpected: 'A comma is expected here, between two entries.',
  CloseBraceExpected: 'A closing brace } is expected here.',
  CloseBracketExpected: 'A closing bracket ] is expected here.',
  EndOfFileExpected: 'The JSON ends before this point; remove what follows it.',
  InvalidCommentToken: 'This comment is not closed.',
  UnexpectedEndOfComment: 'This comment is not closed before the end of the file.',
  UnexpectedEndOfString: 'This string is not closed before the end of the line.',
  UnexpectedEndOfNumber: 'This number ends too early.',
  InvalidUnicode: 'This \\u escape is not valid.',
  InvalidEscapeCharacter: 'This escape sequence is not valid JSON.',
  InvalidCharacter: 'This character must be escaped inside a JSON string.',
};

function syntaxFault(error: ParseError, textLength: number): SettingsDiagnostic {
  const message = SYNTAX_MESSAGES[printParseErrorCode(error.error)] ?? 'This is not valid JSON.';
  // The parser may report an unclosed comment or string as reaching past the end of the text.
  const offset = Math.min(error.offset, textLength);
  return fault('CTS001', `Syntax error: ${message}`, { offset, length: Math.min(error.length, textLength - offset) });
}
