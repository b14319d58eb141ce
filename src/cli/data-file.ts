/**
 * A data file as the CLI reads it: straight from disk as a Blob, so that the file's bytes are never
 * all in memory at once (the reader takes it slice by slice), and hashed by a stream for the same
 * reason. Memory then holds the table, not the table and the file.
 */
import { createHash } from 'node:crypto';
import { createReadStream, openAsBlob } from 'node:fs';
import { stat } from 'node:fs/promises';
import { totalmem } from 'node:os';
import { parseCsv, type ParseResult } from '../core/csv/parse';

/** Why a path cannot be read, in the words of the CLI's other messages. */
function unreadable(path: string, what: string, e: unknown): Error {
  const code = (e as NodeJS.ErrnoException).code;
  const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : code === 'EACCES' ? 'permission denied' : (e as Error).message;
  return new Error(`Cannot read ${what} ${path}: ${reason}`, { cause: e });
}

/** The file as a Blob read from disk on demand; a missing file or a folder fails here with a clear message. */
export async function openFile(path: string, what: string): Promise<Blob> {
  try {
    if ((await stat(path)).isDirectory()) throw Object.assign(new Error('is a folder'), { code: 'EISDIR' });
    return await openAsBlob(path);
  } catch (e) {
    throw unreadable(path, what, e);
  }
}

/**
 * What the reader may use: half of this machine's memory (or of the process's limit, in a
 * container), as the page allows half the device's. Node's fallback of the browser's figure
 * (1 GiB) would refuse files a server reads easily.
 */
function memoryLimit(): number {
  // Without a limit, constrainedMemory reports 2^64 (or 0 where unsupported).
  return Math.min(totalmem(), process.constrainedMemory?.() || Infinity) / 2;
}

/** Parse a CSV file; errors name the file. */
export async function readCsvFile(path: string): Promise<ParseResult> {
  const blob = await openFile(path, 'data file');
  try {
    return await parseCsv(blob, { memoryLimitBytes: memoryLimit() });
  } catch (e) {
    throw new Error(`${path}: ${(e as Error).message}`, { cause: e });
  }
}

/** sha-256 of the file's bytes, as hex (what the page computes with Web Crypto over the whole file). */
export async function fileSha256(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
