// Files named by the user: the byte-order mark picks the encoding, and what cannot be read is
// said in one sentence before anything is read (a device like /dev/zero never ends).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { readTextFile } from '../../src/cli/files';
import { UserError } from '../../src/cli/io';
import { fileText } from '../../src/core/text-file';

const TEXT = '{"Name":"Ä 😀"}';
const utf16 = (text: string, bigEndian: boolean): Uint8Array => {
  const le = Buffer.from(text, 'utf16le');
  return Uint8Array.from(bigEndian ? le.swap16() : le);
};

describe('fileText', () => {
  it('reads UTF-8 with or without a byte-order mark, and UTF-16 LE and BE by theirs, keeping the mark as U+FEFF', () => {
    assert.equal(fileText(Buffer.from(TEXT)), TEXT);
    assert.equal(fileText(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(TEXT)])), `\uFEFF${TEXT}`);
    assert.equal(fileText(Buffer.concat([Buffer.from([0xff, 0xfe]), utf16(TEXT, false)])), `\uFEFF${TEXT}`);
    assert.equal(fileText(Buffer.concat([Buffer.from([0xfe, 0xff]), utf16(TEXT, true)])), `\uFEFF${TEXT}`);
  });

  it('turns invalid UTF-8 into U+FFFD instead of failing', () => {
    assert.equal(fileText(Uint8Array.from([0x7b, 0xc3, 0x7d])), '{\uFFFD}');
  });
});

describe('readTextFile', () => {
  const reason = async (path: string): Promise<string> => {
    try {
      await readTextFile(path);
    } catch (error) {
      assert.ok(error instanceof UserError);
      return error.message;
    }
    assert.fail('expected a UserError');
  };

  it('says why a path cannot be read, and never reads a device', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ct-events-files-'));
    try {
      assert.equal(await reason(dir), `cannot read ${dir}: it is a folder, not a file.`);
      assert.equal(await reason(join(dir, 'missing.json')), `cannot read ${join(dir, 'missing.json')}: there is no such file.`);
      assert.equal(await reason('/dev/zero'), 'cannot read /dev/zero: it is not a regular file.');
      const file = join(dir, 'events.json');
      writeFileSync(file, Buffer.concat([Buffer.from([0xff, 0xfe]), utf16('[1]', false)]));
      assert.equal(await readTextFile(file), '\uFEFF[1]');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
