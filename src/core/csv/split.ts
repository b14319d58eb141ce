/**
 * Records of text that holds no quote character, split with indexOf straight into the columns.
 * Without quotes a CSV record is exactly a line and a field exactly the text between delimiters,
 * which is what papaparse itself does then (its "fast mode": input.split(newline), row.split(delim));
 * tests/unit/csv-split.test.ts checks the two agree. Doing it here spares Papa's array per row and
 * string per cell: fields go to the columns as spans of the chunk, and numbers are read in place.
 * Text with quotes goes to Papa (parse.ts).
 */
import type { Dialect } from './dialect';
import type { RowCollector } from './rows';

/** Spans of the current record's fields; grown when a record has more fields. */
let starts: Int32Array = new Int32Array(64);
let ends: Int32Array = new Int32Array(64);

function isBlankSpan(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (text.charCodeAt(i) !== 32) return text.slice(start, end).trim() === '';
  return true;
}

/**
 * Add the records of `text` from `from` on to `rows`; return where the unread rest begins (a
 * record cut by the end of the chunk, unless `last`). `text` must hold no quote character.
 */
export function splitPlain(text: string, from: number, dialect: Dialect, last: boolean, rows: RowCollector): number {
  const { delimiter, newline } = dialect;
  const delimiterLength = delimiter.length;
  const length = text.length;
  let pos = from;
  let nextDelimiter = text.indexOf(delimiter, from);
  while (pos < length) {
    let lineEnd = text.indexOf(newline, pos);
    const complete = lineEnd !== -1;
    if (!complete) {
      if (!last) return pos;
      lineEnd = length;
    }
    let count = 0;
    let fieldStart = pos;
    for (;;) {
      if (nextDelimiter !== -1 && nextDelimiter < fieldStart) nextDelimiter = text.indexOf(delimiter, fieldStart);
      const fieldEnd = nextDelimiter === -1 || nextDelimiter > lineEnd ? lineEnd : nextDelimiter;
      if (count === starts.length) {
        starts = grown(starts);
        ends = grown(ends);
      }
      starts[count] = fieldStart;
      ends[count] = fieldEnd;
      count++;
      if (fieldEnd === lineEnd) break;
      fieldStart = fieldEnd + delimiterLength;
    }
    if (count > 1 || !isBlankSpan(text, pos, lineEnd)) {
      if (rows.width < 0) rows.addRecord(Array.from(starts.subarray(0, count), (s, c) => text.slice(s, ends[c])));
      else rows.addSpans(text, starts, ends, count);
    } else {
      rows.blankLine();
    }
    pos = complete ? lineEnd + newline.length : length;
  }
  return length;
}

function grown(array: Int32Array): Int32Array {
  const bigger = new Int32Array(array.length * 2);
  bigger.set(array);
  return bigger;
}
