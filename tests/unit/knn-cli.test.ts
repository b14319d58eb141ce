/** The headless studio with `--model knn`: run on shared splits, list the kind, write a model file and predict with it. */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import Papa from 'papaparse';
import { beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));
const datasets = fileURLToPath(new URL('../../../shared/datasets/', import.meta.url));
const data = (name: string) => join(datasets, name);

async function studio(...args: string[]) {
  return run(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: root, maxBuffer: 64 << 20 });
}

let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'studio-knn-'));
});

describe('studio with k-nearest neighbours', () => {
  it('models --json lists knn with its parameters', async () => {
    const { stdout } = await studio('models', '--json');
    const knn = JSON.parse(stdout).find((m: { kind: string }) => m.kind === 'knn');
    expect(knn).toMatchObject({ title: 'k-nearest neighbours', tasks: ['classification', 'regression'] });
    expect(knn.params.k).toMatchObject({ type: 'number', default: 5, min: 1, integer: true });
    expect(knn.params.weights).toMatchObject({ type: 'enum', default: 'uniform', options: ['uniform', 'distance'] });
    expect(knn.params.metric).toMatchObject({ type: 'enum', default: 'euclidean', options: ['euclidean', 'manhattan'] });
  });

  it('run --model knn on iris matches scikit-learn (k = 5: 0.9333), and predict reproduces the test accuracy from the model file', async () => {
    const model = join(work, 'iris-knn.pstudio');
    const out = join(work, 'iris-knn.csv');
    const { stdout } = await studio('run', '--data', data('iris.csv'), '--test-rows', data('iris.test-idx.json'), '--model', 'knn', '--out', model, '--json');
    const result = JSON.parse(stdout);
    expect(result.model).toBe('knn');
    expect(result.metrics.accuracy).toBeCloseTo(0.9333, 3);
    const predicted = JSON.parse((await studio('predict', model, '--data', data('iris.csv'), '--out', out, '--json')).stdout);
    expect(predicted.columns).toEqual(['predicted_Species', 'proba_setosa', 'proba_versicolor', 'proba_virginica']);
    const rows = Papa.parse<Record<string, string>>(await readFile(out, 'utf8'), { header: true, skipEmptyLines: true }).data;
    const { test_indices: test } = JSON.parse(await readFile(data('iris.test-idx.json'), 'utf8')) as { test_indices: number[] };
    const right = test.filter((i) => rows[i].predicted_Species === rows[i].Species).length;
    expect(right / test.length).toBeCloseTo(result.metrics.accuracy, 10);
  });

  it('run --model knn regresses diabetes near scikit-learn (KNeighborsRegressor k = 5: R² 0.4248)', async () => {
    const { stdout } = await studio('run', '--data', data('diabetes.csv'), '--test-rows', data('diabetes.test-idx.json'), '--model', 'knn', '--json');
    const result = JSON.parse(stdout);
    expect(result.task).toBe('regression');
    expect(result.metrics.r2).toBeCloseTo(0.4248, 2);
  });
});
