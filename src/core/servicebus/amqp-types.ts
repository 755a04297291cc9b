// The AMQP type of each application property of a received or peeked message, and copies that
// are sent with those same types.
//
// Why this exists: rhea (the AMQP library under @azure/service-bus) turns each application
// property into a plain JS value while it decodes a message, before the SDK sees it, and the
// type goes with it: a long 5 and a double 3.0 both become the number 5 or 3 (re-sent as an
// int), a long beyond 2^53 and a uuid become Buffers (re-sent as binary), a short, ubyte,
// float, char or symbol become numbers or strings. No SDK option keeps the types, for peeks
// (the $management answer carries each message encoded; the SDK decodes it with rhea) or for
// receives. So this module wraps rhea's `types.unwrap_map_simple`, which rhea's message decoder
// calls for every map section (application properties, annotations, footer), to note in a
// WeakMap, keyed by the very object rhea returns, the type code of each entry. It changes no
// decoded value. With `skipConvertingDate` (RAW_RECEIVE_OPTIONS) the SDK hands that same object
// over as `applicationProperties` and `_rawAmqpMessage.applicationProperties`; without it the
// SDK builds a new object and the types are not found.
//
// Going the other way, the SDK passes `applicationProperties` to rhea untouched, and rhea
// encodes a value that is already a rhea Typed as that type; `typedForSending` builds those.
//
// What breaks it: a rhea upgrade that stops calling `types.unwrap_map_simple` through the
// exported `types` object (or renames it), two copies of rhea in node_modules (the SDK's would
// not be wrapped), or the SDK copying the map. Each makes the types unknown: peeks fall back to
// reading types from the JS values, and copies to rhea's default encoding.
// test/unit/amqp-types.test.ts and the resubmit test in test/integration/replay.test.ts fail then.
import { types } from 'rhea';
import type { AmqpTypeName } from '../events/model';

/** rhea's decoded element: a type descriptor (with the wire code) and its value. */
interface RheaTyped {
  type: { typecode: number; create: (value?: unknown) => unknown };
  value: unknown;
  descriptor?: unknown;
  toRheaTyped?: () => unknown;
}

/** The parts of rhea's `types` this module uses; rhea's typings do not declare `by_code`. */
interface RheaTypes {
  unwrap_map_simple: (map: { value: RheaTyped[] }) => Record<string, unknown>;
  by_code: Record<number, { create: (value?: unknown) => unknown }>;
}

const rheaTypes = types as unknown as RheaTypes;

/** AMQP 1.0 type of each encoding code (part 1, section 1.6); several encodings share a type. */
const TYPE_BY_CODE: Readonly<Record<number, AmqpTypeName>> = {
  0x40: 'null',
  0x41: 'boolean', 0x42: 'boolean', 0x56: 'boolean',
  0x50: 'ubyte', 0x60: 'ushort',
  0x43: 'uint', 0x52: 'uint', 0x70: 'uint',
  0x44: 'ulong', 0x53: 'ulong', 0x80: 'ulong',
  0x51: 'byte', 0x61: 'short',
  0x54: 'int', 0x71: 'int',
  0x55: 'long', 0x81: 'long',
  0x72: 'float', 0x82: 'double',
  0x74: 'decimal32', 0x84: 'decimal64', 0x94: 'decimal128',
  0x73: 'char', 0x83: 'timestamp', 0x98: 'uuid',
  0xa0: 'binary', 0xb0: 'binary',
  0xa1: 'string', 0xb1: 'string',
  0xa3: 'symbol', 0xb3: 'symbol',
  0x45: 'list', 0xc0: 'list', 0xd0: 'list',
  0xc1: 'map', 0xd1: 'map',
  0xe0: 'array', 0xf0: 'array',
};

/** The AMQP type of an encoding code; undefined for a code AMQP does not define. */
export function amqpTypeOfCode(code: number): AmqpTypeName | undefined {
  return TYPE_BY_CODE[code];
}

/** Entry name -> encoding code, for each map rhea decoded and that is still alive. */
const codesByMap = new WeakMap<object, ReadonlyMap<string, number>>();

function installTypeRecorder(): void {
  const unwrap = rheaTypes.unwrap_map_simple;
  if ((unwrap as { ctEventsRecorder?: true }).ctEventsRecorder) {
    return; // already installed (e.g. this module loaded twice by a test runner)
  }
  const recording = (map: { value: RheaTyped[] }): Record<string, unknown> => {
    const result = unwrap(map);
    const codes = new Map<string, number>();
    const elements = map.value;
    for (let i = 0; i + 1 < elements.length; i += 2) {
      // rhea keys the result by its unwrapped key, as JS property names: the same text here.
      codes.set(String(types.unwrap(elements[i], true)), elements[i + 1].type.typecode);
    }
    codesByMap.set(result, codes);
    return result;
  };
  (recording as { ctEventsRecorder?: true }).ctEventsRecorder = true;
  rheaTypes.unwrap_map_simple = recording;
}

installTypeRecorder();

/** The encoding code of each entry of a map rhea decoded, or undefined when rhea did not decode this object. */
export function amqpCodesOf(map: object): ReadonlyMap<string, number> | undefined {
  return codesByMap.get(map);
}

/** The AMQP type of each entry of a map rhea decoded (undefined when not known). */
export function amqpTypesOf(map: object): Record<string, AmqpTypeName> | undefined {
  const codes = codesByMap.get(map);
  if (codes === undefined) {
    return undefined;
  }
  const named: Record<string, AmqpTypeName> = {};
  for (const [name, code] of codes) {
    const type = amqpTypeOfCode(code);
    if (type !== undefined) {
      named[name] = type;
    }
  }
  return named;
}

/** Compound types: rhea's decoded value (a JS array or object) no longer holds its elements' types. */
const COMPOUND_TYPES = new Set<AmqpTypeName>(['list', 'map', 'array']);

/**
 * A rhea Typed that encodes `value` with the given encoding code (every simple type's decoded
 * value, a number, string, Date or Buffer, encodes back as itself), or the value itself when the
 * code is a compound type or unknown, leaving the encoding to rhea's defaults.
 */
function typedWithCode(value: unknown, code: number | undefined): unknown {
  const type = code === undefined ? undefined : amqpTypeOfCode(code);
  if (type === undefined || COMPOUND_TYPES.has(type) || isRheaTyped(value)) {
    return value;
  }
  return rheaTypes.by_code[code as number].create(value);
}

/** A described value rhea could not map stays a Typed, which encodes itself. */
function isRheaTyped(value: unknown): boolean {
  return typeof value === 'object' && value !== null && typeof (value as RheaTyped).toRheaTyped === 'function';
}

/**
 * The entries of a decoded map, each wrapped to be encoded exactly as it arrived (same AMQP type
 * and encoding), leaving out `omit`. Entries of a map rhea did not decode are copied as they are.
 */
export function typedForSending(map: Record<string, unknown>, omit: readonly string[] = []): Record<string, unknown> {
  const codes = amqpCodesOf(map);
  const result: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(map)) {
    if (!omit.includes(name)) {
      result[name] = typedWithCode(value, codes?.get(name));
    }
  }
  return result;
}
