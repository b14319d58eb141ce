/**
 * What the CLI's verbs read and print alike: the data files of `--data` (datasets by id), the rows
 * their reader left out, pipeline and model files, fixed test rows, and output as JSON or text.
 */
import { basename } from 'node:path';
import type { ParseError } from '../core/csv/parse';
import { skippedRows, skippedRowsMessage, SKIPPED_EXAMPLES } from '../core/csv/skipped';
import type { DatasetResolver, SourceData } from '../core/pipeline/data';
import { RowIndexError, type FixedRows } from '../core/pipeline/split';
import { inferRoles } from '../core/roles/infer';
import { LEFT_OUT, type ColumnRole } from '../core/roles/roles';
import type { Table } from '../core/table/table';
import { suggestTarget } from '../core/table/target';
import { fileSha256, openFile, readCsvFile } from './data-file';
import { UsageError } from './usage';

/** Errors from `work` are prefixed with the file they concern, so the user knows where to look. */
export async function about<T>(file: string, work: () => Promise<T> | T): Promise<T> {
  try {
    return await work();
  } catch (e) {
    throw new Error(`${file}: ${(e as Error).message}`, { cause: e });
  }
}

export async function readInput(path: string, what: string): Promise<Uint8Array> {
  return new Uint8Array(await (await openFile(path, what)).arrayBuffer());
}

/** The rows each data file lost while being read. */
export type ReadLosses = { file: string; errors: readonly ParseError[] }[];

/**
 * Say which rows were left out while reading (a warning on stderr), or refuse to go on with
 * --strict; returns what `--json` reports as `skipped_rows`. `consequence` says what the loss means here.
 */
export function reportSkipped(losses: ReadLosses, strict: boolean, consequence: string) {
  const lossy = losses.filter((l) => l.errors.length > 0);
  const messages = lossy.map((l) => skippedRowsMessage(l.file, skippedRows(l.errors)));
  if (strict && messages.length > 0) throw new Error(`${messages.join('\n')}\n--strict: no row may be left out; fix these rows or run without --strict`);
  for (const message of messages) process.stderr.write(`warning: ${message} (${consequence})\n`);
  const examples = lossy.flatMap((l) => l.errors.slice(0, SKIPPED_EXAMPLES).map((e) => ({ file: l.file, ...e }))).slice(0, SKIPPED_EXAMPLES);
  return { count: lossy.reduce((n, l) => n + l.errors.length, 0), examples };
}

/**
 * The datasets of `--data`: `FILE.csv` is the one a source naming no dataset reads, `ID=FILE.csv`
 * the one a source with `"dataset": "ID"` reads (pipelines that append or join several files).
 */
export async function loadDatasets(args: readonly string[], losses: ReadLosses): Promise<DatasetResolver> {
  const named = new Map<string | undefined, SourceData>();
  for (const arg of args) {
    const m = /^([\w.-]+)=(.+)$/.exec(arg);
    const [id, path] = m ? [m[1], m[2]] : [undefined, arg];
    if (named.has(id)) throw new UsageError(id === undefined ? 'give one --data FILE.csv without an id; name the others ID=FILE.csv' : `--data ${id}= is given twice`);
    const { table, errors } = await readCsvFile(path);
    losses.push({ file: path, errors });
    named.set(id, { name: basename(path), sha256: await fileSha256(path), table });
  }
  // One file, named or not, is what a pipeline reading one dataset reads, whatever id its source names.
  const only = named.size === 1 ? [...named.values()][0] : undefined;
  return (id) => {
    const found = named.get(id) ?? only;
    if (found) return found;
    throw new Error(id === undefined ? 'a source names no dataset: give its file as --data FILE.csv' : `a source reads the dataset "${id}": give its file as --data ${id}=FILE.csv`);
  };
}

export function print(value: unknown, asJson: boolean, text: () => string) {
  process.stdout.write(asJson ? JSON.stringify(value) + '\n' : text());
}

/** Fixed test rows of one file count the rows its reader left out (several files: they index the combined table). */
export function withUnread(testRows: FixedRows | undefined, losses: ReadLosses): FixedRows | undefined {
  return testRows && losses.length === 1 ? { ...testRows, unread: Int32Array.from(losses[0].errors, (e) => e.row) } : testRows;
}

/** Indices that are no rows of the table are a mistake in the command line's split file: a usage error. */
export function asUsageError(testRowsPath: string | undefined): (e: Error) => never {
  return (e) => {
    throw e instanceof RowIndexError ? new UsageError(`${testRowsPath}: ${e.message}`) : e;
  };
}

/** The target column and the feature columns' roles: `--target`, or the suggested column, said on stderr whatever the output. */
export function targetAndRoles(table: Table, given: string | undefined, quiet: boolean): { target: string; suggested: boolean; roles: ColumnRole[] } {
  let target = given;
  if (target === undefined) {
    const suggestion = suggestTarget(table);
    target = suggestion.target;
    // A run on a column the person did not name must say which, even with --json.
    process.stderr.write(`target: ${target} (suggested: ${suggestion.reason}; pass --target to choose)\n`);
  }
  const roles = inferRoles(table, target);
  if (!quiet) reportLeftOut(roles);
  return { target, suggested: given === undefined, roles };
}

/** The columns the default pipeline leaves out, and the suspected leaks, on stderr: the person did not choose them. */
function reportLeftOut(roles: readonly ColumnRole[]) {
  for (const r of roles) {
    if (LEFT_OUT.has(r.role)) process.stderr.write(`left out: ${r.name} (${r.role === 'ignore' ? '' : `${r.role}: `}${r.reason})\n`);
    if (r.leak) process.stderr.write(`warning: ${r.name} may leak the target: ${r.leak}\n`);
  }
}
