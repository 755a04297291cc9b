// Reads a settings file into a flat list of entries, whatever its shape: appsettings*.json
// (nested or flat keys), local.settings.json (the `Values` object) or the portal's
// Advanced-edit array. Every entry keeps the exact spans of its name and value in the text.
import { Node, ParseError, parseTree, printParseErrorCode } from 'jsonc-parser';
import { isKnownLeaf, normalizeKey } from './catalog';
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
  /** The last segment of the name (inside the quotes), or the whole token when it uses escapes. */
  lastSegmentSpan: TextSpan;
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
  /** Faults found while reading (syntax, shape); when present, the rules do not run. */
  faults: SettingsDiagnostic[];
}

const BOM = '\uFEFF';

export function readSettings(text: string, fileName = ''): SettingsDocument {
  // .NET accepts a byte-order mark; a space keeps every offset where it is.
  const source = text.startsWith(BOM) ? ` ${text.slice(1)}` : text;
  const document: SettingsDocument = { shape: undefined, entries: [], portalItems: [], faults: [] };
  const errors: ParseError[] = [];
  const root = parseTree(source, errors, { allowTrailingComma: true, disallowComments: false, allowEmptyContent: true });
  if (errors.length > 0) {
    document.faults.push(syntaxFault(errors[0], source.length));
    return document;
  }
  if (root === undefined) {
    document.faults.push(fault('CTS001', 'The file is empty; a settings file holds a JSON object (or the portal\'s array).', { offset: 0, length: 0 }));
    return document;
  }
  if (root.type === 'array') {
    document.shape = 'portal';
    readPortal(source, root, document);
  } else if (root.type === 'object') {
    const values = isFunctionsFile(fileName, root) ? propertyValue(root, 'Values') : undefined;
    if (values) {
      document.shape = 'functions';
      if (values.type === 'object') {
        readObject(source, values, undefined, document.entries);
      } else {
        document.faults.push(fault('CTS002', '"Values" must be an object of setting names and string values.', spanOf(values)));
      }
    } else {
      document.shape = 'appsettings';
      readObject(source, root, undefined, document.entries);
    }
  } else {
    document.faults.push(fault('CTS002', 'A settings file holds a JSON object (or the portal\'s array of {name, value}), not a single value.', spanOf(root)));
  }
  return document;
}

function isFunctionsFile(fileName: string, root: Node): boolean {
  const base = fileName.split(/[\\/]/).pop()?.toLowerCase() ?? '';
  if (base === 'local.settings.json') {
    return true;
  }
  const values = propertyValue(root, 'Values');
  return values?.type === 'object' && propertyValue(root, 'IsEncrypted') !== undefined;
}

function readObject(source: string, object: Node, prefix: string | undefined, entries: SettingEntry[]): void {
  for (const property of object.children ?? []) {
    const [keyNode, valueNode] = property.children ?? [];
    if (!keyNode || !valueNode) {
      continue;
    }
    const name = prefix === undefined ? String(keyNode.value) : `${prefix}:${String(keyNode.value)}`;
    const key = normalizeKey(name);
    if (valueNode.type === 'object' && !isKnownLeaf(key)) {
      readObject(source, valueNode, name, entries);
    } else {
      entries.push({ name, key, nameSpan: spanOf(keyNode), lastSegmentSpan: lastSegmentSpan(source, keyNode), value: valueOf(valueNode) });
    }
  }
}

function readPortal(source: string, root: Node, document: SettingsDocument): void {
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
        lastSegmentSpan: lastSegmentSpan(source, item.name),
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

/** The span of the name's last `:` or `__` segment inside its quotes, when the token has no escapes. */
function lastSegmentSpan(source: string, token: Node): TextSpan {
  const raw = source.slice(token.offset + 1, token.offset + token.length - 1);
  if (raw !== token.value) {
    return spanOf(token);
  }
  let start = 0;
  const separator = /:|__/g;
  for (let match = separator.exec(raw); match; match = separator.exec(raw)) {
    start = match.index + match[0].length;
  }
  return { offset: token.offset + 1 + start, length: raw.length - start };
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
