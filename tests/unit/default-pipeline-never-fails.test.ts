/**
 * The default pipeline built from inferred roles never fails on a table that parses: every model
 * kind, on nasty generated tables (a text date column of ~1,600 dates, a 550-category name, an id,
 * a constant, long prose, income in the millions, stray text, gaps everywhere) and on every shared
 * dataset, trains and gets finite metrics. The two large shared datasets are taken at 1,500 evenly
 * spaced rows: the property is about what the pipeline does with the columns, and a network on
 * 54,000 rows would only make the test slow.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { useFastestNodeBackend } from '../../src/cli/backend';
import { parseCsv } from '../../src/core/csv/parse';
import { modelKinds } from '../../src/core/models/kinds';
import { defaultPipeline } from '../../src/core/pipeline/default';
import { runFirstModel } from '../../src/core/pipeline/run';
import { inferRoles } from '../../src/core/roles/infer';
import { inferTask } from '../../src/core/table/profile';
import { getColumn, takeRows, type Table } from '../../src/core/table/table';
import { nastyCsv } from './fixtures/nasty-table';

const MAX_ROWS = 1500;
const dataset = { name: 'nasty.csv', sha256: 'n' };

beforeAll(async () => {
  await useFastestNodeBackend();
});

/** Every model kind's default pipeline on `table`: each kind's first metric, all metrics checked finite. */
async function everyKind(table: Table, target: string): Promise<Record<string, number>> {
  const task = inferTask(getColumn(table, target));
  const roles = inferRoles(table, target);
  const first: Record<string, number> = {};
  for (const kind of modelKinds.filter((k) => k.tasks.includes(task))) {
    const { summary } = await runFirstModel(defaultPipeline(target, task, kind.kind, { roles }), table, { dataset, seed: 3 });
    for (const [metric, value] of Object.entries(summary.metrics)) expect(Number.isFinite(value), `${kind.kind} ${metric} = ${value}`).toBe(true);
    first[kind.kind] = Object.values(summary.metrics)[0];
  }
  return first;
}

describe('the default pipeline on nasty tables', () => {
  it('classification: every kind trains, and beats always answering the most common class', async () => {
    const { table } = await parseCsv(nastyCsv({ task: 'classification' }));
    const labels = getColumn(table, 'target');
    if (labels.kind !== 'categorical') throw new Error('the target should be categorical');
    const counts = new Map<number, number>();
    for (const code of labels.codes) counts.set(code, (counts.get(code) ?? 0) + 1);
    const majority = Math.max(...counts.values()) / table.rowCount;
    const accuracy = await everyKind(table, 'target');
    expect(Object.keys(accuracy).sort()).toEqual(modelKinds.filter((k) => k.tasks.includes('classification')).map((k) => k.kind).sort());
    for (const [kind, value] of Object.entries(accuracy)) expect(value, kind).toBeGreaterThan(majority);
  }, 240_000);

  it('regression: every kind trains, and beats predicting the mean (R² > 0)', async () => {
    const { table } = await parseCsv(nastyCsv({ task: 'regression', seed: 8 }));
    const r2 = await everyKind(table, 'target');
    expect(Object.keys(r2).sort()).toEqual(modelKinds.filter((k) => k.tasks.includes('regression')).map((k) => k.kind).sort());
    for (const [kind, value] of Object.entries(r2)) expect(value, kind).toBeGreaterThan(0);
  }, 240_000);
});

describe('the default pipeline on the shared datasets', () => {
  const dir = new URL('../../../shared/datasets/', import.meta.url);
  const manifest = JSON.parse(readFileSync(new URL('MANIFEST.json', dir), 'utf8')) as { datasets: { name: string; file: string; target: string }[] };

  it.each(manifest.datasets.map((d) => [d.name, d] as const))('%s: every kind trains with finite metrics', async (_name, d) => {
    const { table: full } = await parseCsv(new Uint8Array(readFileSync(new URL(d.file, dir))));
    const table = full.rowCount > MAX_ROWS ? takeRows(full, Int32Array.from({ length: MAX_ROWS }, (_, i) => Math.floor((i * full.rowCount) / MAX_ROWS))) : full;
    await everyKind(table, d.target);
  }, 240_000);
});
