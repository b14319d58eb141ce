/**
 * `studio explain MODEL.pstudio --data FILE.csv [--rows N] [--repeats N] [--json]`: what the model
 * relies on (permutation importance on the file's rows when it has the target column, else the one
 * the model file holds from its test rows) and, for the first N rows, each column's contribution to
 * the prediction with the base value it starts from.
 */
import { parseArgs } from 'node:util';
import { readBundle } from '../core/bundle/bundle';
import { explainRows } from '../core/explain/contributions';
import { withExplainable } from '../core/explain/model';
import { permutationImportance } from '../core/explain/permutation';
import type { GlobalExplanation } from '../core/explain/types';
import { rowContributions } from '../core/explain/view';
import { checkForModel } from '../core/predict/check';
import { range } from '../core/arrays';
import { findColumn, takeRows } from '../core/table/table';
import { useFastestNodeBackend } from './backend';
import { openFile, readCsvFile } from './data-file';
import { UsageError } from './usage';

function wholeNumber(value: string | undefined, name: string, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new UsageError(`--${name} must be a whole number ≥ ${min}, found "${value}"`);
  return n;
}

const figure = (v: number) => (Math.abs(v) >= 1e4 || (v !== 0 && Math.abs(v) < 1e-3) ? v.toExponential(3) : v.toFixed(4));

function importanceText(e: GlobalExplanation, stored: boolean): string[] {
  const width = Math.max(6, ...e.columns.map((c) => c.name.length));
  return [
    `Permutation importance on ${e.rows} ${e.data}${stored ? ' (kept in the model file)' : ''}, ${e.repeats} repeats: the drop in ${e.metric === 'r2' ? 'R²' : e.metric} from ${figure(e.baseline)} when a column is shuffled`,
    ...e.columns.map((c) => `  ${c.name.padEnd(width)}  ${figure(c.mean)} ± ${figure(c.std)}`),
  ];
}

export async function explain(args: string[]): Promise<void> {
  const { positionals, values } = parseArgs({ args, allowPositionals: true, options: { data: { type: 'string' }, rows: { type: 'string' }, repeats: { type: 'string' }, json: { type: 'boolean' } } });
  if (positionals.length !== 1) throw new UsageError('explain needs exactly one model file');
  const data = values.data;
  if (!data) throw new UsageError('explain needs --data FILE.csv');
  const rows = wholeNumber(values.rows, 'rows', 5, 0);
  const repeats = wholeNumber(values.repeats, 'repeats', 5, 1);
  const bundle = new Uint8Array(await (await openFile(positionals[0], 'model file')).arrayBuffer());
  const { fitted } = await readBundle(bundle).catch((e: Error) => {
    throw new Error(`${positionals[0]}: ${e.message}`, { cause: e });
  });
  const { table } = await readCsvFile(data);
  const report = checkForModel(fitted, table);
  if (report.blocking.length) throw new Error(`${data}: cannot explain this file: ${report.blocking.join(' ')}`);
  if (!values.json) for (const warning of report.warnings) process.stderr.write(`warning: ${warning}\n`);
  const backend = await useFastestNodeBackend();
  await withExplainable(fitted, async (model) => {
    const hasTarget = findColumn(table, fitted.spec.target) !== undefined;
    const importance = hasTarget ? await permutationImportance(model, table, { repeats, data: `rows of ${data}` }) : fitted.explanations;
    const source = hasTarget ? 'file' : 'model file';
    const explained = await explainRows(model, takeRows(table, range(Math.min(rows, table.rowCount))));
    const perRow = Array.from({ length: explained.rows }, (_, i) => {
      const view = rowContributions(explained, i);
      return {
        row: explained.rowIds[i] + 1,
        ...(view.class !== undefined ? { class: view.class } : {}),
        scale: view.scale,
        base: view.base,
        total: view.total,
        contributions: Object.fromEntries(view.contributions.map((c) => [c.column, c.value])),
        ...(explained.error ? { errors: Object.fromEntries(view.contributions.map((c) => [c.column, c.error as number])) } : {}),
      };
    });
    const result = {
      model: fitted.model.kind,
      task: fitted.spec.task,
      target: fitted.spec.target,
      backend,
      importance: importance ? { source, ...importance } : null,
      contributions: { method: explained.method, reference: explained.reference, link: explained.link, rows: perRow },
    };
    if (values.json) {
      process.stdout.write(JSON.stringify(result) + '\n');
      return;
    }
    const lines = importance ? importanceText(importance, !hasTarget) : ['This file has no target column and the model file holds no explanation: no permutation importance.'];
    lines.push('', `Contributions (${explained.method}; base: the mean over ${explained.reference}):`);
    for (const r of perRow) {
      lines.push(`  row ${r.row}: ${r.scale} = ${figure(r.total)} = base ${figure(r.base)}`);
      for (const [column, value] of Object.entries(r.contributions)) lines.push(`    ${value >= 0 ? '+' : '−'} ${figure(Math.abs(value))}  ${column}${r.errors ? ` (± ${figure(r.errors[column])})` : ''}`);
    }
    process.stdout.write(lines.join('\n') + '\n');
  });
}
