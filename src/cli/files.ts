// Reading a file named on the command line, with one plain sentence when it cannot be read.
import { readFile, stat } from 'node:fs/promises';
import { fileText } from '../core/text-file';
import { UserError } from './io';

/** Larger files are refused before reading: far beyond any settings or events file, and near the longest string Node can hold. */
export const MAX_FILE_BYTES = 256 * 1024 * 1024;

const REASONS: Record<string, string> = {
  ENOENT: 'there is no such file',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
};

/**
 * The file's text (see fileText for encodings), or a UserError naming the file and why. Only
 * regular files are read: a device such as /dev/zero never ends, and a folder has no text.
 */
export async function readTextFile(path: string): Promise<string> {
  const fail = (reason: string, cause?: unknown): UserError => new UserError(`cannot read ${path}: ${reason}.`, { cause });
  try {
    const info = await stat(path);
    if (info.isDirectory()) {
      throw fail('it is a folder, not a file');
    }
    if (!info.isFile()) {
      throw fail('it is not a regular file');
    }
    if (info.size > MAX_FILE_BYTES) {
      throw fail(`it is larger than ${MAX_FILE_BYTES / 1024 / 1024} MB`);
    }
    return fileText(await readFile(path));
  } catch (error) {
    if (error instanceof UserError) {
      throw error;
    }
    const code = (error as NodeJS.ErrnoException).code;
    throw fail((code && REASONS[code]) ?? code ?? String(error), error);
  }
}
