/**
 * Which line ending and delimiter a file uses, decided once from its start. Papa would guess both
 * on every parse call, and from a first chunk that may end mid-line (PapaParse #1132); deciding
 * them here, from whole lines, lets every chunk be parsed with the same settings.
 */
import Papa from 'papaparse';

export type Newline = '\n' | '\r\n' | '\r';

export interface Dialect {
  newline: Newline;
  delimiter: string;
}

export const DELIMITERS: readonly string[] = [',', ';', '\t', '|'];
/** The delimiter guess needs only the first few lines. */
const SAMPLE_CHARS = 64 * 1024;

/**
 * The line ending that ends the first record (quoted line breaks skipped), or null when the text
 * so far cannot tell: no line break yet, or a trailing CR whose LF may be in the next chunk.
 * `complete`: `text` is the whole file.
 */
export function detectNewline(text: string, complete: boolean): Newline | null {
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) quoted = !quoted;
    else if (quoted) continue;
    else if (c === 10) return '\n';
    else if (c === 13) {
      if (i + 1 === text.length) return complete ? '\r' : null;
      return text.charCodeAt(i + 1) === 10 ? '\r\n' : '\r';
    }
  }
  return null;
}

/** The delimiter among DELIMITERS that splits the first lines most consistently; ',' when none does. */
export function detectDelimiter(text: string, newline: Newline): string {
  let sample = text.slice(0, SAMPLE_CHARS);
  // A cut-off last line has too few fields and would count against the right delimiter.
  const lastBreak = sample.lastIndexOf(newline);
  if (lastBreak > 0) sample = sample.slice(0, lastBreak);
  const { meta } = Papa.parse<string[]>(sample, {
    newline,
    delimitersToGuess: [...DELIMITERS],
    preview: 10,
    skipEmptyLines: true,
  });
  return meta.delimiter;
}

/** The dialect of a file starting with `text`, or null while more text is needed to tell. */
export function detectDialect(text: string, complete: boolean): Dialect | null {
  const newline = detectNewline(text, complete) ?? (complete ? '\n' : null);
  return newline === null ? null : { newline, delimiter: detectDelimiter(text, newline) };
}
