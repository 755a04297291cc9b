import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatHelp, parseCommandLine, parseFlags, positiveInteger, sequenceNumberFlag } from '../../src/cli/args';
import { UsageError } from '../../src/cli/io';
import { MESSAGE_SOURCE_FLAGS, PEEK_SOURCE_FLAGS, type PeekedEntity, connectionTargetFrom, peekedEntityFrom } from '../../src/cli/source-flags';

const SPEC = {
  ...MESSAGE_SOURCE_FLAGS,
  json: { kind: 'switch', description: 'JSON output' },
} as const;
const CS = 'Endpoint=sb://localhost:5672;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=c2VjcmV0LWtleQ==;UseDevelopmentEmulator=true';

function usage(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof UsageError, `expected a UsageError, got ${String(error)}`);
    assert.ok(!error.message.includes('c2VjcmV0'), 'a usage message never repeats a key');
    return error.message;
  }
  assert.fail('expected a UsageError');
}

describe('parseFlags', () => {
  it('reads value flags in both spellings and switches', () => {
    const flags = parseFlags(['--connection-string', CS, '--subscription=alpha', '--max', '5', '--dead-letter', '--json'], SPEC);
    assert.deepEqual(flags, { 'connection-string': CS, subscription: 'alpha', max: '5', 'dead-letter': true, json: true });
  });

  it('keeps = inside a value given after =', () => {
    assert.equal(parseFlags([`--connection-string=${CS}`, '--subscription', 'a'], SPEC)['connection-string'], CS);
  });

  it('refuses unknown, repeated, valueless and missing flags and stray arguments', () => {
    assert.equal(usage(() => parseFlags(['--subscription', 'a', '--colour', 'red'], SPEC)), 'unknown flag "--colour".');
    assert.equal(usage(() => parseFlags(['--subscription', 'a', '--subscription', 'b'], SPEC)), '--subscription is given more than once.');
    assert.equal(usage(() => parseFlags(['--subscription', 'a', '--json', '--json'], SPEC)), '--json is given more than once.');
    assert.equal(usage(() => parseFlags(['--subscription'], SPEC)), '--subscription needs a value (NAME).');
    assert.equal(usage(() => parseFlags(['--subscription', '--json'], SPEC)), '--subscription needs a value (NAME).');
    assert.equal(usage(() => parseFlags(['--subscription='], SPEC)), '--subscription needs a value (NAME).');
    assert.equal(usage(() => parseFlags(['--json=yes', '--subscription', 'a'], SPEC)), '--json takes no value.');
    assert.equal(usage(() => parseFlags(['--json'], SPEC)), '--subscription is required.');
    assert.equal(usage(() => parseFlags(['alpha', '--subscription', 'a'], SPEC)), 'unexpected argument "alpha"; every option is a --flag.');
    assert.equal(usage(() => parseFlags([CS, '--subscription', 'a'], SPEC)), 'unexpected argument the value given; every option is a --flag.');
    assert.equal(usage(() => parseFlags(['--toString', 'x'], SPEC)), 'unknown flag "--toString".');
  });

  it('reports --help instead of parsing', () => {
    assert.deepEqual(parseCommandLine(['--colour', '--help'], { name: 'peek', summary: 's', flags: SPEC }), { help: true });
    const help = formatHelp({ name: 'peek', summary: 'Peeks.', flags: SPEC });
    assert.match(help, /^Usage: ct-events peek \[options\]/);
    assert.match(help, /--subscription NAME +subscription to peek \(required\)/);
    assert.match(help, /--dead-letter +peek/);
  });
});

describe('operands', () => {
  const LINT = { name: 'lint', summary: 'Lints.', flags: { format: { kind: 'value', valueName: 'F', description: 'format' } }, operands: { valueName: 'FILES...', description: 'files' } } as const;

  it('collects bare arguments around the flags of a command that takes them, in order', () => {
    assert.deepEqual(parseCommandLine(['a.json', '--format', 'json', 'b/**/*.json', '-'], LINT), { help: false, flags: { format: 'json' }, operands: ['a.json', 'b/**/*.json', '-'] });
    assert.deepEqual(parseCommandLine([], LINT), { help: false, flags: {}, operands: [] });
  });

  it('still refuses unknown options, and bare arguments where none are taken', () => {
    assert.equal(usage(() => parseCommandLine(['a.json', '-x'], LINT)), 'unknown option "-x".');
    assert.equal(usage(() => parseCommandLine(['a.json', '--fromat', 'json'], LINT)), 'unknown flag "--fromat".');
    assert.equal(usage(() => parseCommandLine(['alpha'], { name: 'peek', summary: 's', flags: SPEC })), 'unexpected argument "alpha"; every option is a --flag.');
  });

  it('shows the operands in help', () => {
    const help = formatHelp(LINT);
    assert.match(help, /^Usage: ct-events lint \[options\] \[FILES\.\.\.\]/);
    assert.match(help, /Arguments:\n {2}FILES\.\.\. +files$/);
  });
});

describe('flag values', () => {
  it('takes --max as a positive whole number with a default', () => {
    assert.equal(positiveInteger(undefined, 'max', 100), 100);
    assert.equal(positiveInteger('7', 'max', 100), 7);
    for (const bad of ['0', '-1', '1.5', 'ten', '1e3', '99999999999999999999']) {
      assert.match(usage(() => positiveInteger(bad, 'max', 100)), /^--max must be a positive whole number, not /);
    }
    assert.equal(positiveInteger('1000000', 'max', 100, 1_000_000), 1_000_000);
    assert.equal(usage(() => positiveInteger('2147483648', 'max', 100, 1_000_000)), '--max must be at most 1000000, not "2147483648".');
  });

  it('takes --from-sequence as an exact 64-bit decimal', () => {
    assert.equal(sequenceNumberFlag('9007199254740993', 'from-sequence'), '9007199254740993');
    assert.equal(sequenceNumberFlag('007', 'from-sequence'), '7');
    assert.equal(sequenceNumberFlag(undefined, 'from-sequence'), undefined);
    assert.match(usage(() => sequenceNumberFlag('-3', 'from-sequence')), /^--from-sequence must be a sequence number/);
    assert.match(usage(() => sequenceNumberFlag('9223372036854775808', 'from-sequence')), /^--from-sequence must be a sequence number/);
  });
});

describe('connectionTargetFrom', () => {
  it('takes a connection string or a namespace host name', () => {
    assert.deepEqual(connectionTargetFrom({ 'connection-string': CS }), { kind: 'connectionString', connectionString: CS });
    assert.deepEqual(connectionTargetFrom({ namespace: 'Contoso-CT.servicebus.windows.net' }), { kind: 'namespace', fullyQualifiedNamespace: 'contoso-ct.servicebus.windows.net' });
  });

  it('refuses neither, both, or a malformed value without echoing it', () => {
    assert.equal(usage(() => connectionTargetFrom({})), 'give --connection-string CS or --namespace FQDN.');
    assert.equal(usage(() => connectionTargetFrom({ 'connection-string': CS, namespace: 'a.b.c' })), 'give either --connection-string or --namespace, not both.');
    assert.match(usage(() => connectionTargetFrom({ 'connection-string': 'SharedAccessKey=c2VjcmV0LWtleQ==' })), /^--connection-string must be a Service Bus connection string/);
    assert.equal(usage(() => connectionTargetFrom({ namespace: CS })), '--namespace takes a host name; pass a connection string with --connection-string.');
    for (const bad of ['https://contoso-ct.servicebus.windows.net', 'contoso-ct.servicebus.windows.net:5671', 'contoso-ct.servicebus.windows.net/', 'contoso-ct']) {
      assert.match(usage(() => connectionTargetFrom({ namespace: bad })), /^--namespace must be the namespace host name alone/);
    }
  });
});

describe('peek --scheduled', () => {
  const PEEK = { name: 'peek', summary: 'Peeks.', flags: PEEK_SOURCE_FLAGS } as const;
  const entity = (...args: string[]): PeekedEntity => {
    const parsed = parseCommandLine(['--connection-string', CS, ...args], PEEK);
    assert.ok(!parsed.help);
    return peekedEntityFrom(parsed.flags);
  };

  it("reads the topic's scheduled messages, or a subscription's queue as before", () => {
    assert.deepEqual(entity('--scheduled'), { kind: 'scheduled' });
    assert.deepEqual(entity('--scheduled', '--topic', 'Other', '--max', '5'), { kind: 'scheduled' });
    assert.deepEqual(entity('--subscription', 'alpha'), { kind: 'subscription', subscription: 'alpha', deadLetter: false });
    assert.deepEqual(entity('--subscription', 'alpha', '--dead-letter'), { kind: 'subscription', subscription: 'alpha', deadLetter: true });
  });

  it('refuses --scheduled with --subscription or --dead-letter, and neither', () => {
    assert.equal(usage(() => entity('--scheduled', '--subscription', 'alpha')), 'give either --subscription or --scheduled, not both: scheduled messages wait in the topic, not in a subscription.');
    assert.equal(usage(() => entity('--scheduled', '--dead-letter')), '--scheduled peeks the topic, which has no dead-letter queue; leave out --dead-letter.');
    assert.equal(usage(() => entity('--dead-letter')), "give --subscription NAME, or --scheduled for the topic's scheduled messages.");
    assert.equal(usage(() => entity('--scheduled=yes')), '--scheduled takes no value.');
  });

  it('says so in help, where --subscription is no longer required', () => {
    const help = formatHelp(PEEK);
    assert.match(help, /--scheduled +peek the topic's scheduled messages/);
    assert.match(help, /--subscription NAME +subscription to peek \(required unless --scheduled\)$/m);
  });
});
