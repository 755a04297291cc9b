// Every body kind the bus can carry, sent with the real SDK or written as raw AMQP sections,
// peeked through ServiceBusConnection.peek and decoded by core/events.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { ServiceBusClient, ServiceBusMessage, ServiceBusReceivedMessage } from '@azure/service-bus';
import { message as rheaMessage, types as rheaTypes } from 'rhea';
import { decodeMessageBody, messageDetails, typedProperties, type DecodedBody, type PeekedMessage } from '../../src/core/events';
import { ServiceBusConnection } from '../../src/core/servicebus';
import { RunningSandbox, startSandbox } from '../../src/sandbox';
import { dataContractString } from '../unit/decode-vectors';

const EVENT = { EventType: 'LOGIN', MessageBody: { UserId: 13273, FirstName: 'Zoë', LoginTime: '2021-02-28T17:28:00.94' } };
const EVENT_JSON = JSON.stringify(EVENT);
const BIG_LONG = 4611686018427387905n; // 2^62 + 1: not representable as a double
const ROUNDED_LONG = 9007199254740993n; // 2^53 + 1: rhea reads it into a double (2^53)
const TWO_MB = 2 * 1024 * 1024;

/** @azure/core-amqp's type, which @azure/service-bus uses but does not re-export. */
type AmqpAnnotatedMessage = ServiceBusReceivedMessage['_rawAmqpMessage'];

function longBytes(value: bigint): Buffer {
  const bytes = Buffer.alloc(8);
  bytes.writeBigInt64BE(value);
  return bytes;
}

/** A message written section by section with rhea, as another AMQP client would send it. */
function raw(messageId: string, body: unknown, extra: Record<string, unknown> = {}): Buffer {
  return rheaMessage.encode({ message_id: messageId, body, ...extra } as Parameters<typeof rheaMessage.encode>[0]);
}

describe('bodies decoded deliberately, through the real SDK and the sandbox', () => {
  let sandbox: RunningSandbox;
  let client: ServiceBusClient;
  let connection: ServiceBusConnection;
  const byId = new Map<string, PeekedMessage>();

  before(async () => {
    sandbox = await startSandbox({ seed: 'none', subscriptions: ['alpha'] });
    client = new ServiceBusClient(sandbox.connectionString);
    const sender = client.createSender('CTEvents');
    const single: ServiceBusMessage[] = [
      { messageId: 'buffer-json', body: Buffer.from(EVENT_JSON) },
      { messageId: 'string', body: 'plain words' },
      { messageId: 'object', body: EVENT, contentType: 'application/json' },
    ];
    for (const message of single) {
      await sender.sendMessages(message);
    }
    const value: AmqpAnnotatedMessage = { body: EVENT_JSON, bodyType: 'value', properties: { messageId: 'value-json' } };
    await sender.sendMessages(value);
    // A batch is stored exactly as the SDK encoded it.
    await sender.sendMessages([
      { messageId: 'bom-json', body: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(EVENT_JSON)]) },
      { messageId: 'gzip', body: gzipSync(Buffer.from(EVENT_JSON)), applicationProperties: { 'Content-Encoding': 'gzip' } },
      { messageId: 'gzip-undeclared', body: gzipSync(Buffer.from(EVENT_JSON)) },
      { messageId: 'datacontract', body: dataContractString(EVENT_JSON) },
      { messageId: 'text', body: Buffer.from('hello, bus') },
      { messageId: 'binary', body: Buffer.from([0x00, 0x01, 0xfe, 0xff]) },
      {
        messageId: 'properties',
        body: Buffer.from(EVENT_JSON),
        applicationProperties: { When: new Date('2024-05-01T10:00:00.123Z'), Count: 42, Ratio: 0.25, Flag: true, Name: 'ct' },
        correlationId: 'corr-1', subject: 'LOGIN', to: 'CTEvents', replyTo: 'replies', timeToLive: 86_400_000,
      },
    ]);
    await sender.close();
    sandbox.publish(raw('raw-value', EVENT_JSON)); // rhea writes a plain string as an amqp-value section
    sandbox.publish(raw('raw-long', Buffer.from(EVENT_JSON), {
      application_properties: { Big: rheaTypes.wrap_long(longBytes(BIG_LONG)), Rounded: rheaTypes.wrap_long(longBytes(ROUNDED_LONG)), Small: rheaTypes.wrap_long(7) },
    }));
    const gz = gzipSync(Buffer.from(EVENT_JSON));
    sandbox.publish(raw('truncated-gzip', rheaMessage.data_section(gz.subarray(0, gz.length - 10)), { content_encoding: 'gzip' }));
    const xml = dataContractString(EVENT_JSON);
    sandbox.publish(raw('truncated-xml', rheaMessage.data_section(xml.subarray(0, xml.length - 5))));
    sandbox.publish(raw('invalid-utf8', rheaMessage.data_section(Buffer.from([0x7b, 0x22, 0x61, 0xc3, 0x28, 0x7d]))));
    sandbox.publish(raw('two-mb', rheaMessage.data_section(Buffer.alloc(TWO_MB, 0x20))));

    connection = new ServiceBusConnection({ kind: 'connectionString', connectionString: sandbox.connectionString });
    for (const message of await connection.peek({ subscription: 'alpha', maxMessages: 100 })) {
      byId.set(message.messageId ?? '', message);
    }
  });

  after(async () => {
    await connection?.close();
    await client?.close();
    await sandbox?.stop();
  });

  function decoded(id: string): DecodedBody {
    const message = byId.get(id);
    assert.ok(message, `message ${id} was peeked`);
    return decodeMessageBody(message);
  }

  function json(id: string, label: string): unknown {
    const body = decoded(id);
    assert.deepEqual([body.decoding, body.label], ['json', label], id);
    return (body as { value: unknown }).value;
  }

  function problem(id: string): { problem: string; size: number; label: string } {
    const body = decoded(id);
    assert.notEqual(body.decoding, 'json', id);
    return { problem: (body as { problem: string }).problem, size: body.size, label: body.label };
  }

  test('every message arrived', () => {
    assert.equal(byId.size, 17);
    assert.equal(sandbox.counts('alpha')?.active, 17);
  });

  test('JSON bytes, with and without a byte-order mark, and an object the SDK serialised', () => {
    assert.deepEqual(json('buffer-json', 'json'), EVENT);
    assert.deepEqual(json('bom-json', 'json'), EVENT);
    assert.deepEqual(json('object', 'json'), EVENT);
  });

  test('a string body (the SDK sends it as JSON text) and plain text', () => {
    assert.equal(json('string', 'json'), 'plain words');
    const text = decoded('text');
    assert.deepEqual([text.decoding, text.label, (text as { text: string }).text], ['text', 'text', 'hello, bus']);
  });

  test('JSON text in an AMQP value section, from the SDK and from a raw rhea message', () => {
    assert.equal(byId.get('value-json')?.bodyType, 'value');
    assert.deepEqual(json('value-json', 'json-in-amqp-value'), EVENT);
    assert.equal(byId.get('raw-value')?.bodyType, 'value');
    assert.deepEqual(json('raw-value', 'json-in-amqp-value'), EVENT);
  });

  test('gzip is inflated when Content-Encoding says so, and not otherwise', () => {
    assert.deepEqual(json('gzip', 'gzip+json'), EVENT);
    assert.match(problem('gzip-undeclared').problem, /It starts like gzip data, but no Content-Encoding or content type says so\.$/);
  });

  test('a DataContract-wrapped string decodes to the JSON object inside', () => {
    assert.deepEqual(json('datacontract', 'datacontract-string+json'), EVENT);
  });

  test('binary is shown as binary with its size', () => {
    assert.deepEqual(problem('binary'), { problem: 'The body is 4 bytes that are not UTF-8 text (byte 0xfe at offset 2).', size: 4, label: 'binary' });
  });

  test('application properties keep their types, and every system property is read', () => {
    const message = byId.get('properties');
    assert.ok(message);
    assert.deepEqual(typedProperties(message), {
      When: { type: 'timestamp', value: '2024-05-01T10:00:00.123Z', display: '2024-05-01T10:00:00.123Z' },
      Count: { type: 'uint', value: 42, display: '42' }, // the SDK (rhea) sends a positive whole number as an AMQP uint
      Ratio: { type: 'double', value: 0.25, display: '0.25' },
      Flag: { type: 'boolean', value: true, display: 'true' },
      Name: { type: 'string', value: 'ct', display: 'ct' },
    });
    assert.ok(message.applicationProperties?.When instanceof Date, 'the raw Date is kept for resubmitting');
    const rows = new Map(messageDetails(message).map((r) => [r.label, r.value]));
    assert.equal(rows.get('Correlation ID'), 'corr-1');
    assert.equal(rows.get('Subject'), 'LOGIN');
    assert.equal(rows.get('To'), 'CTEvents');
    assert.equal(rows.get('Reply to'), 'replies');
    assert.equal(rows.get('Time to live'), '1 d');
    assert.equal(rows.get('Sequence number'), message.sequenceNumber);
    assert.equal(rows.get('Decoding'), 'json');
  });

  test('a long beyond 2^53 stays exact (or is flagged where the SDK rounded it)', () => {
    const message = byId.get('raw-long');
    assert.ok(message);
    const typed = typedProperties(message);
    assert.deepEqual([typed.Big.type, typed.Big.value, typed.Big.display], ['long', BIG_LONG.toString(), BIG_LONG.toString()]);
    assert.deepEqual([typed.Small.type, typed.Small.value], ['long', 7], 'a small long is still a long, though rhea hands it over as a number');
    // Between 2^53 and 2^53 + 2^32 the SDK's AMQP library hands over a rounded double: typed long, flagged.
    assert.deepEqual([typed.Rounded.type, typed.Rounded.display], ['long', '9007199254740992']);
    assert.match(typed.Rounded.note ?? '', /may have been rounded/);
  });

  test('a held message owns its bytes: its body and binary properties are not views into the peek answer', async () => {
    const receiver = client.createReceiver('CTEvents', 'alpha', { skipParsingBodyAsJson: true, skipConvertingDate: true });
    const sdkMessages = await receiver.peekMessages(100);
    await receiver.close();
    const sdkText = sdkMessages.find((m) => m.messageId === 'text');
    const sdkBody = sdkText?.body as Buffer;
    assert.ok(sdkBody.buffer.byteLength > sdkBody.byteLength, 'the SDK hands over a view into a larger buffer (else this test proves nothing)');
    const sdkBig = sdkMessages.find((m) => m.messageId === 'raw-long')?.applicationProperties?.Big as unknown as Buffer;
    assert.ok(sdkBig.buffer.byteLength > sdkBig.byteLength);

    const data = [...byId.values()].filter((m) => m.bodyType === 'data');
    assert.ok(data.length >= 10);
    for (const message of data) {
      const body = message.body as Uint8Array;
      assert.equal(body.buffer.byteLength, body.byteLength, `message ${message.messageId}`);
    }
    assert.deepEqual(Buffer.from(byId.get('text')?.body as Uint8Array), sdkBody);
    const big = byId.get('raw-long')?.applicationProperties?.Big as Uint8Array;
    assert.deepEqual([big.byteLength, big.buffer.byteLength], [8, 8]);
    assert.deepEqual(Buffer.from(big), longBytes(BIG_LONG));
  });

  test('bad input: truncated gzip, truncated binary XML, invalid UTF-8, a 2 MB body: each a specific problem with the size', () => {
    const gz = problem('truncated-gzip');
    assert.match(gz.problem, new RegExp(`^The body is ${gz.size} bytes that the content-encoding property says are gzip, but they cannot be inflated: The gzip data ends early`));
    const xml = problem('truncated-xml');
    assert.match(xml.problem, new RegExp(`^The body is ${xml.size} bytes of \\.NET binary XML \\(DataContractSerializer\\) that cannot be unwrapped: The binary XML ends early`));
    assert.deepEqual(problem('invalid-utf8'), { problem: 'The body is 6 bytes that are not UTF-8 text (byte 0xc3 at offset 3).', size: 6, label: 'binary' });
    const big = problem('two-mb');
    assert.equal(big.size, TWO_MB);
    assert.match(big.problem, /^The body is 2097152 bytes, more than the 1048576 bytes this view decodes; the start is shown as text\.$/);
  });
});
