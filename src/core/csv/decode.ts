/**
 * Bytes to text, a chunk at a time. One path for strings, byte arrays and Blobs, in the page, a
 * worker and Node: a Blob is read slice by slice (Blob.slice + arrayBuffer exist everywhere, unlike
 * FileReader), and one streaming TextDecoder carries a character split between two slices over to the
 * next one. Papa's own FileStreamer decodes every slice on its own, which turns such characters into
 * U+FFFD (PapaParse #751, #1132).
 */
import { CsvError, describeSource } from './errors';

/** Bytes per chunk: large enough that per-chunk costs vanish, small enough for steady progress. */
export const CHUNK_BYTES = 1 << 20;
/**
 * Bytes read from a Blob at once. Reading is a round trip to the browser's blob store: in 16 MiB
 * blocks it ran at ~1 GB/s in Chromium, in 1 MiB slices at ~0.3 GB/s, a third of the parse's time.
 */
const READ_BYTES = 16 * CHUNK_BYTES;
/** How much of the start of the file the binary and encoding checks look at. */
const SNIFF_BYTES = 64 * 1024;

export interface TextChunk {
  text: string;
  /** Bytes of the source this text came from. */
  bytes: number;
  last: boolean;
}

export interface DecodedSource {
  /** The encoding the bytes were read as, as people name it: 'UTF-8', 'UTF-16LE', 'windows-1252'. */
  encoding: string;
  /** Whether the source began with a byte-order mark (dropped from the text). */
  bom: boolean;
  totalBytes: number;
  chunks: AsyncIterable<TextChunk>;
}

const ENCODING_NAMES: Record<string, string> = {
  'utf-8': 'UTF-8',
  'utf-16le': 'UTF-16LE',
  'utf-16be': 'UTF-16BE',
  'windows-1252': 'windows-1252',
};

/** File signatures of formats people drop by mistake, so the error can say what the file is. */
const SIGNATURES: readonly (readonly [string, readonly number[]])[] = [
  ['a PNG image', [0x89, 0x50, 0x4e, 0x47]],
  ['a JPEG image', [0xff, 0xd8, 0xff]],
  ['a GIF image', [0x47, 0x49, 0x46, 0x38]],
  ['a PDF document', [0x25, 0x50, 0x44, 0x46, 0x2d]],
  ['a zip archive or an Excel workbook (.xlsx); save it as CSV first', [0x50, 0x4b, 0x03, 0x04]],
  ['an Excel workbook (.xls); save it as CSV first', [0xd0, 0xcf, 0x11, 0xe0]],
  ['a gzip archive', [0x1f, 0x8b]],
];

function binaryError(label: string, what?: string): CsvError {
  return new CsvError(`${label} does not look like a CSV text file (it contains binary data${what ? `; it looks like ${what}` : ''}).`);
}

function signatureOf(head: Uint8Array): string | undefined {
  return SIGNATURES.find(([, magic]) => magic.every((byte, i) => head[i] === byte))?.[0];
}

/** Text never holds NUL and rarely other control characters; binary data is full of them. */
function assertLooksLikeText(text: string, label: string): void {
  const n = Math.min(text.length, SNIFF_BYTES);
  let controls = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0) throw binaryError(label);
    // Tab, line feed, form feed and carriage return are ordinary in text files.
    if (c < 32 && c !== 9 && c !== 10 && c !== 12 && c !== 13) controls++;
  }
  if (controls * 100 > n) throw binaryError(label);
}

function sniffEncoding(head: Uint8Array): string {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf-8';
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  try {
    // stream: true, so a character cut off by the end of the sample is not taken for invalid UTF-8.
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
    return 'utf-8';
  } catch {
    // Not UTF-8 but not binary either: most likely a legacy Windows export (accents as single bytes).
    return 'windows-1252';
  }
}

/** UTF-8 length of a string, so that progress and `bytes` mean the same for every kind of source. */
function utf8Length(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    // Each half of a surrogate pair adds one: four bytes for the pair.
    if (c >= 0x80) n += c >= 0x800 && (c < 0xd800 || c > 0xdfff) ? 2 : 1;
  }
  return n;
}

async function* stringChunks(source: string): AsyncGenerator<TextChunk> {
  for (let start = 0; start < source.length; ) {
    let end = Math.min(start + CHUNK_BYTES, source.length);
    // Keep surrogate pairs whole so that each chunk's byte count is exact.
    const c = source.charCodeAt(end - 1);
    if (end < source.length && c >= 0xd800 && c <= 0xdbff) end--;
    const text = source.slice(start, end);
    start = end;
    yield { text, bytes: utf8Length(text), last: start >= source.length };
  }
}

function fromString(source: string): DecodedSource {
  // Strings arrive already decoded, so only a BOM that survived decoding is left to drop.
  const bom = source.charCodeAt(0) === 0xfeff;
  const text = bom ? source.slice(1) : source;
  if (text.length === 0) throw new CsvError('The file is empty.');
  assertLooksLikeText(text, 'The file');
  return { encoding: 'UTF-8', bom, totalBytes: utf8Length(text), chunks: stringChunks(text) };
}

async function fromBytes(source: Uint8Array | Blob): Promise<DecodedSource> {
  const label = describeSource(source);
  const totalBytes = source instanceof Uint8Array ? source.length : source.size;
  if (totalBytes === 0) throw new CsvError(`${label} is empty.`);
  const read = async (start: number, end: number): Promise<Uint8Array> =>
    source instanceof Uint8Array ? source.subarray(start, end) : new Uint8Array(await source.slice(start, end).arrayBuffer());

  const first = await read(0, Math.min(CHUNK_BYTES, totalBytes));
  const head = first.subarray(0, SNIFF_BYTES);
  const what = signatureOf(head);
  if (what) throw binaryError(label, what);
  const encoding = sniffEncoding(head);
  // The default TextDecoder drops a leading byte-order mark.
  const decoder = new TextDecoder(encoding);
  const firstText = decoder.decode(first, { stream: first.length < totalBytes });
  assertLooksLikeText(firstText, label);

  /** Start reading the block from `start`: it arrives while the one before is parsed. */
  const readAhead = (start: number): Promise<Uint8Array> | null => {
    if (start >= totalBytes) return null;
    const reading = read(start, Math.min(start + READ_BYTES, totalBytes));
    // A read left behind by a cancelled parse must not surface as an unhandled rejection.
    reading.catch(() => undefined);
    return reading;
  };

  async function* chunks(): AsyncGenerator<TextChunk> {
    yield { text: firstText, bytes: first.length, last: first.length >= totalBytes };
    let start = first.length;
    for (let block = readAhead(start); block !== null; ) {
      const bytes = await block;
      const blockEnd = start + bytes.length;
      block = readAhead(blockEnd);
      for (let at = 0; at < bytes.length; at += CHUNK_BYTES) {
        const piece = bytes.subarray(at, at + CHUNK_BYTES);
        const last = block === null && at + CHUNK_BYTES >= bytes.length;
        yield { text: decoder.decode(piece, { stream: !last }), bytes: piece.length, last };
      }
      start = blockEnd;
    }
  }
  const bom = encoding === 'utf-8' ? head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf : encoding !== 'windows-1252';
  return { encoding: ENCODING_NAMES[encoding], bom, totalBytes, chunks: chunks() };
}

export async function decodeSource(source: string | Uint8Array | Blob): Promise<DecodedSource> {
  return typeof source === 'string' ? fromString(source) : fromBytes(source);
}
