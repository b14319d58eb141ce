/**
 * The headless studio, run as a real process on the shared datasets and their fixed test splits.
 * The quality floor is the issue's: within ~3 points of scikit-learn's LogisticRegression / Ridge.
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
const datasets = fileURLToPath(new URL('../../../shared/datasets/', import.meta.url));
const baselines = JSON.parse(await readFile(join(datasets, 'BASELINES.json'), 'utf8')) as {
  results: { dataset: string; models: Record<string, { accuracy?: number; r2?: number }> }[];
};

async function studio(...args: string[]) {
  return run(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: root, maxBuffer: 64 << 20 });
}

async function studioFails(...args: string[]): Promise<{ code: number; stderr: string }> {
  try {
    await studio(...args);
  } catch (e) {
    const { code, stderr } = e as { code: number; stderr: string };
    return { code, stderr };
  }
  throw new Error(`studio ${args.join(' ')} should have failed`);
}

const data = (name: string) => join(datasets, name);
let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'studio-cli-'));
});

describe('studio run: quality floor on the shared splits', () => {
  // The training issue's floors, with default settings; each also within ~3.5 points of scikit-learn.
  const cases = [
    { name: 'penguins', target: 'species', metric: 'accuracy', floor: 0.97, model: 'logistic_regression', sklearn: 'LogisticRegression' },
    { name: 'iris', target: 'Species', metric: 'accuracy', floor: 0.93, model: 'logistic_regression', sklearn: 'LogisticRegression' },
    { name: 'breast_cancer', target: 'diagnosis', metric: 'accuracy', floor: 0.96, model: 'logistic_regression', sklearn: 'LogisticRegression' },
    { name: 'diabetes', target: 'progression', metric: 'r2', floor: 0.42, model: 'linear_regression', sklearn: 'Ridge' },
    { name: 'telco_churn', target: 'churn', metric: 'accuracy', floor: 0.79, model: 'logistic_regression', sklearn: 'LogisticRegression' },
    { name: 'letter', target: 'lettr', metric: 'accuracy', floor: 0.9, model: 'mlp', sklearn: 'MLP(64,64)' },
    { name: 'diamonds', target: 'price', metric: 'r2', floor: 0.95, model: 'mlp', sklearn: 'MLP(64,64)' },
  ] as const;
  for (const c of cases) {
    it(`${c.name}, ${c.model}: ${c.metric} ≥ ${c.floor}`, { timeout: 600_000 }, async () => {
      const { stdout } = await studio('run', '--data', data(`${c.name}.csv`), '--target', c.target, '--model', c.model, '--test-rows', data(`${c.name}.test-idx.json`), '--json');
      const result = JSON.parse(stdout);
      const split = JSON.parse(await readFile(data(`${c.name}.test-idx.json`), 'utf8'));
      expect(result.target).toBe(c.target);
      expect(result.rows).toBe(split.n_train + split.n_test);
      expect(result.metrics[c.metric]).toBeGreaterThanOrEqual(c.floor);
      const reference = baselines.results.find((r) => r.dataset === c.name)!.models[c.sklearn][c.metric]!;
      expect(result.metrics[c.metric]).toBeGreaterThanOrEqual(reference - 0.035);
      if (c.name === 'breast_cancer') expect(result.metrics.roc_auc).toBeGreaterThan(0.98);
    });
  }
});

describe('studio profile', () => {
  it('prints rows, column kinds, missing and distinct counts as one JSON object', async () => {
    const { stdout } = await studio('profile', data('penguins.csv'), '--json');
    const profile = JSON.parse(stdout);
    expect(profile.rows).toBe(344);
    expect(profile.errors).toEqual([]);
    const sex = profile.columns.find((c: { name: string }) => c.name === 'sex');
    expect(sex).toEqual({ name: 'sex', kind: 'categorical', missing: 11, unique: 2 });
    expect(profile.columns.find((c: { name: string }) => c.name === 'bill_length_mm')).toMatchObject({ kind: 'numeric', missing: 2 });
  });
});

describe('studio run --out, then predict', () => {
  it('writes a model file whose predictions reproduce the run and append class + probabilities', async () => {
    const model = join(work, 'iris.pstudio');
    const out = join(work, 'iris-predictions.csv');
    await studio('run', '--data', data('iris.csv'), '--test-rows', data('iris.test-idx.json'), '--out', model, '--json');
    const { stdout } = await studio('predict', model, '--data', data('iris.csv'), '--out', out, '--json');
    expect(JSON.parse(stdout).rows).toBe(150);
    const parsed = Papa.parse<Record<string, string>>(await readFile(out, 'utf8'), { header: true, skipEmptyLines: true });
    expect(parsed.meta.fields).toEqual(['Sepal.Length', 'Sepal.Width', 'Petal.Length', 'Petal.Width', 'Species', 'predicted_Species', 'proba_setosa', 'proba_versicolor', 'proba_virginica']);
    expect(parsed.data).toHaveLength(150);
    const split = JSON.parse(await readFile(data('iris.test-idx.json'), 'utf8')) as { test_indices: number[] };
    const correct = split.test_indices.filter((i) => parsed.data[i].predicted_Species === parsed.data[i].Species).length;
    const { stdout: again } = await studio('run', '--data', data('iris.csv'), '--test-rows', data('iris.test-idx.json'), '--json');
    // Same seed, same backend: the saved model scores the test rows exactly as the run did.
    expect(correct / split.test_indices.length).toBeCloseTo(JSON.parse(again).metrics.accuracy, 10);
    for (const row of parsed.data) {
      const p = [row.proba_setosa, row.proba_versicolor, row.proba_virginica].map(Number);
      expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    }
  });
});

describe('studio errors', () => {
  it('names the missing file', async () => {
    const { code, stderr } = await studioFails('profile', join(work, 'nope.csv'));
    expect(code).toBe(1);
    expect(stderr).toMatch(/Cannot read data file .*nope\.csv: no such file/);
  });

  it('names the unknown target column', async () => {
    const { code, stderr } = await studioFails('run', '--data', data('iris.csv'), '--target', 'colour');
    expect(code).toBe(1);
    expect(stderr).toMatch(/Column "colour" is not in the table/);
  });

  it('refuses a corrupted model file', async () => {
    const bad = join(work, 'bad.pstudio');
    await writeFile(bad, 'not a zip');
    const { code, stderr } = await studioFails('predict', bad, '--data', data('iris.csv'), '--out', join(work, 'x.csv'));
    expect(code).toBe(1);
    expect(stderr).toMatch(/bad\.pstudio: Not a valid Pipeline Studio model file/);
  });

  it('explains the usage when a flag is missing', async () => {
    const { code, stderr } = await studioFails('run');
    expect(code).toBe(2);
    expect(stderr).toMatch(/run needs --data FILE\.csv/);
    expect(stderr).toMatch(/Usage:/);
  });

  it('names the column a prediction file lacks', async () => {
    const model = join(work, 'penguins.pstudio');
    await studio('run', '--data', data('penguins.csv'), '--target', 'species', '--out', model, '--json');
    const csv = await readFile(data('penguins.csv'), 'utf8');
    const withoutIsland = csv.split('\n').map((line) => line.split(',').filter((_, i) => i !== 1).join(',')).join('\n');
    const file = join(work, 'no-island.csv');
    await writeFile(file, withoutIsland);
    const { code, stderr } = await studioFails('predict', model, '--data', file, '--out', join(work, 'y.csv'));
    expect(code).toBe(1);
    expect(stderr).toMatch(/no-island\.csv: cannot score this file: .*island/);
  });
});
