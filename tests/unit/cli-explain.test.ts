/**
 * `studio explain` and `studio predict --contributions`: the JSON shape, contributions that add up to
 * what predict writes, the model file's own explanation when the data has no target, usage errors.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import Papa from 'papaparse';
import { beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));
const penguins = join(root, 'public/samples/penguins.csv');

async function studio(...args: string[]) {
  return run(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: root, maxBuffer: 64 << 20 });
}

let work: string;
let model: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'studio-explain-'));
  model = join(work, 'penguins.pstudio');
  await studio('run', '--data', penguins, '--target', 'species', '--model', 'random_forest', '--seed', '3', '--out', model, '--json');
}, 120_000);

interface Explained {
  model: string;
  task: string;
  target: string;
  importance: { source: string; metric: string; baseline: number; rows: number; repeats: number; data: string; columns: { name: string; mean: number; std: number }[]; features: { name: string; sources: string[] }[] };
  contributions: { method: string; reference: string; link: string; rows: { row: number; class: string; scale: string; base: number; total: number; contributions: Record<string, number> }[] };
}

describe('studio explain', () => {
  it('--json: permutation importance on the file and contributions that add up to the predicted probability', async () => {
    const { stdout } = await studio('explain', model, '--data', penguins, '--rows', '3', '--repeats', '2', '--json');
    const result = JSON.parse(stdout) as Explained;
    expect(result).toMatchObject({ model: 'random_forest', task: 'classification', target: 'species' });
    const columns = ['island', 'bill_length_mm', 'bill_depth_mm', 'flipper_length_mm', 'body_mass_g', 'sex', 'year'];
    expect(result.importance).toMatchObject({ source: 'file', metric: 'accuracy', repeats: 2, rows: 344 });
    expect(result.importance.columns.map((c) => c.name).sort()).toEqual([...columns].sort());
    for (const c of result.importance.columns) expect(c.std).toBeGreaterThanOrEqual(0);
    expect(result.importance.features.every((f) => f.sources.length === 1 && columns.includes(f.sources[0]))).toBe(true);
    expect(result.contributions).toMatchObject({ method: 'TreeSHAP (path-dependent)', link: 'identity' });
    expect(result.contributions.rows.map((r) => r.row)).toEqual([1, 2, 3]);

    const out = join(work, 'predicted.csv');
    await studio('predict', model, '--data', penguins, '--out', out);
    const predicted = Papa.parse<Record<string, string>>(await readFile(out, 'utf8'), { header: true, skipEmptyLines: true }).data;
    for (const r of result.contributions.rows) {
      expect(Object.keys(r.contributions).sort()).toEqual([...columns].sort());
      const sum = r.base + Object.values(r.contributions).reduce((a, b) => a + b, 0);
      expect(Math.abs(sum - r.total)).toBeLessThan(1e-9);
      const row = predicted[r.row - 1];
      expect(r.class).toBe(row.predicted_species);
      expect(r.scale).toBe(`probability of ${r.class}`);
      expect(Math.abs(r.total - Number(row[`proba_${r.class}`]))).toBeLessThan(1e-9);
    }
  });

  it('uses the explanation in the model file when the data has no target, and predict --contributions adds columns that add up', async () => {
    const text = await readFile(penguins, 'utf8');
    const rows = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true }).data.slice(0, 20);
    const unlabelled = join(work, 'unlabelled.csv');
    await writeFile(unlabelled, Papa.unparse(rows.map(({ species: _species, ...rest }) => rest)));
    const result = JSON.parse((await studio('explain', model, '--data', unlabelled, '--rows', '1', '--json')).stdout) as Explained;
    expect(result.importance).toMatchObject({ source: 'model file', data: 'test rows', repeats: 5 });

    const out = join(work, 'with-contributions.csv');
    await studio('predict', model, '--data', unlabelled, '--out', out, '--contributions');
    const predicted = Papa.parse<Record<string, string>>(await readFile(out, 'utf8'), { header: true, skipEmptyLines: true }).data;
    expect(Object.keys(predicted[0]).filter((k) => k.startsWith('contrib'))).toEqual([
      'contrib_island', 'contrib_bill_length_mm', 'contrib_bill_depth_mm', 'contrib_flipper_length_mm', 'contrib_body_mass_g', 'contrib_sex', 'contrib_year', 'contribution_base', 'contribution_of',
    ]);
    for (const row of predicted) {
      const sum = Number(row.contribution_base) + Object.entries(row).filter(([k]) => k.startsWith('contrib_')).reduce((s, [, v]) => s + Number(v), 0);
      expect(row.contribution_of).toBe(`probability of ${row.predicted_species}`);
      expect(Math.abs(sum - Number(row[`proba_${row.predicted_species}`]))).toBeLessThan(1e-9);
    }
  });

  it('refuses a missing --data and a bad --rows with the usage (exit 2)', async () => {
    await expect(studio('explain', model)).rejects.toMatchObject({ code: 2, stderr: expect.stringMatching(/explain needs --data FILE\.csv[\s\S]*Usage:/) });
    await expect(studio('explain', model, '--data', penguins, '--rows', 'x')).rejects.toMatchObject({ code: 2, stderr: expect.stringMatching(/--rows must be a whole number ≥ 0, found "x"/) });
  });
});
