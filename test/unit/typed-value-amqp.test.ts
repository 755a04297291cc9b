// Application property values shown as the AMQP type they arrived with, from the JS values rhea
// decodes them to (core/events/typed-value.ts: typeAmqpValue).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { typeAmqpValue } from '../../src/core/events/typed-value';
import { longBytes } from './amqp-samples';

describe('typeAmqpValue', () => {
  it('a long or ulong beyond 2^53, handed over as 8 bytes, shows its exact decimal', () => {
    assert.deepEqual(typeAmqpValue(longBytes(2n ** 60n + 3n), 'long'), { type: 'long', value: '1152921504606846979', display: '1152921504606846979' });
    assert.deepEqual(typeAmqpValue(longBytes(-(2n ** 62n)), 'long'), { type: 'long', value: '-4611686018427387904', display: '-4611686018427387904' });
    assert.deepEqual(typeAmqpValue(longBytes(2n ** 64n - 1n, false), 'ulong'), { type: 'ulong', value: '18446744073709551615', display: '18446744073709551615' });
  });

  it('a whole number typed long stays a long (not an int), and a rounded one is flagged', () => {
    assert.deepEqual(typeAmqpValue(5, 'long'), { type: 'long', value: 5, display: '5' });
    const rounded = typeAmqpValue(2 ** 53, 'ulong');
    assert.deepEqual([rounded.type, rounded.display], ['ulong', '9007199254740992']);
    assert.match(rounded.note ?? '', /ulong arrived as a floating-point number and may have been rounded/);
  });

  it('a whole double stays a double, and each integer type keeps its name', () => {
    assert.deepEqual(typeAmqpValue(3, 'double'), { type: 'double', value: 3, display: '3' });
    for (const type of ['ubyte', 'ushort', 'uint', 'byte', 'short', 'int'] as const) {
      assert.deepEqual(typeAmqpValue(7, type), { type, value: 7, display: '7' });
    }
  });

  it('a float shows the shortest decimal of that float, not the double nearest it', () => {
    assert.deepEqual(typeAmqpValue(Math.fround(0.1), 'float'), { type: 'float', value: 0.1, display: '0.1' });
    assert.deepEqual(typeAmqpValue(Math.fround(16_777_217), 'float'), { type: 'float', value: 16_777_216, display: '16777216' });
  });

  it('a uuid shows as a uuid, a char as its character, a symbol and a boolean byte as themselves', () => {
    const uuid = Buffer.from('0f8fad5bd9cb469fa16570867728950e', 'hex');
    assert.deepEqual(typeAmqpValue(uuid, 'uuid'), { type: 'uuid', value: '0f8fad5b-d9cb-469f-a165-70867728950e', display: '0f8fad5b-d9cb-469f-a165-70867728950e' });
    assert.deepEqual(typeAmqpValue(0x1f600, 'char'), { type: 'char', value: '😀', display: '😀' });
    assert.deepEqual(typeAmqpValue('sym', 'symbol'), { type: 'symbol', value: 'sym', display: 'sym' });
    assert.deepEqual(typeAmqpValue(1, 'boolean'), { type: 'boolean', value: true, display: 'true' });
    assert.deepEqual(typeAmqpValue(false, 'boolean'), { type: 'boolean', value: false, display: 'false' });
  });

  it('binary of 8 or 16 bytes stays binary (its type says so), a decimal shows its bytes', () => {
    assert.deepEqual(typeAmqpValue(longBytes(2n ** 60n), 'binary'), { type: 'binary', value: '1000000000000000', display: '8 bytes: 1000000000000000' });
    const decimal = typeAmqpValue(Buffer.from('3040000000000001', 'hex'), 'decimal64');
    assert.deepEqual([decimal.type, decimal.value, decimal.display], ['decimal64', '3040000000000001', '0x3040000000000001']);
    assert.match(decimal.note ?? '', /decimal64 shown as its raw bytes/);
  });

  it('timestamps, nulls and compound values; a value of an unexpected shape is typed from the value', () => {
    assert.deepEqual(typeAmqpValue(new Date('2024-05-01T10:00:00.123Z'), 'timestamp'), { type: 'timestamp', value: '2024-05-01T10:00:00.123Z', display: '2024-05-01T10:00:00.123Z' });
    assert.deepEqual(typeAmqpValue(null, 'null'), { type: 'null', value: null, display: 'null' });
    assert.deepEqual(typeAmqpValue([1, 'a'], 'list'), { type: 'list', value: '[1,"a"]', display: '[1,"a"]' });
    assert.deepEqual(typeAmqpValue('not a uuid', 'uuid'), { type: 'string', value: 'not a uuid', display: 'not a uuid' });
  });
});
