/**
 * Rows the reader left out (rows.ts), summed up for whoever runs or scores the file: the CLI's
 * warning and `skipped_rows`, and the run log in the page. A row left out is never silent: a model
 * trained on 100 of 300 rows, or a prediction file short of rows, must say so.
 */
import type { ParseError } from './rows';

/** The count and the first few of them: enough to find the problem, small however many there are. */
export interface SkippedRows {
  count: number;
  /** Lines of the file inside those rows (more than `count` when a broken quote swallowed lines). */
  lines: number;
  examples: ParseError[];
}

/** Examples kept and shown. */
export const SKIPPED_EXAMPLES = 5;

export function skippedRows(errors: readonly ParseError[]): SkippedRows {
  let lines = 0;
  for (const e of errors) lines += (e.lastLine ?? e.line) - e.line + 1;
  return { count: errors.length, lines, examples: errors.slice(0, SKIPPED_EXAMPLES) };
}

const plural = (n: number, word: string) => `${n.toLocaleString('en')} ${word}${n === 1 ? '' : 's'}`;

/**
 * "penguins.csv: 3 rows were left out while reading (lines 5, 9, 12): line 5: expected 4 fields,
 * found 6; …", each example by its own message.
 */
export function skippedRowsMessage(file: string, { count, lines, examples }: SkippedRows): string {
  const span = lines > count ? `, ${plural(lines, 'line')} of the file,` : '';
  const where = examples.map((e) => (e.lastLine ? `${e.line}–${e.lastLine}` : String(e.line))).join(', ');
  const label = examples.length === 1 && !examples[0].lastLine ? 'line' : 'lines';
  const more = count > examples.length ? `, and ${plural(count - examples.length, 'more row')}` : '';
  return `${file}: ${plural(count, 'row')}${span} ${count === 1 ? 'was' : 'were'} left out while reading (${label} ${where}${more}): ${examples.map((e) => e.message).join('; ')}`;
}
