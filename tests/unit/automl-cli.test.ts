/**
 * `studio automl` as a real process: the --json report's shape (the test metrics are those of the
 * model file it writes), and usage errors with exit code 2.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { readBundle } from '../../src/core/bundle/bundle';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));
const iris = join(root, 'public/samples/iris.csv');
const irisSplit = fileURLToPath(new URL('../../../shared/datasets/iris.test-idx.json', import.meta.url));

async function studio(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: root, maxBuffer: 64 << 20 });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const { code, stdout, stderr } = e as { code: number; stdout: string; stderr: string };
    return { code, stdout, stderr };
  }
}

describe('studio automl', () => {
  it('--json reports the task, the winner, its test metrics, the leaderboard and the time; --out holds that model', async () => {
    const work = await mkdtemp(join(tmpdir(), 'studio-automl-'));
    const out = join(work, 'best.pstudio');
    const { code, stdout, stderr } = await studio('automl', '--data', iris, '--target', 'Species', '--test-rows', irisSplit, '--trials', '4', '--models', 'logistic_regression,gaussian_nb,knn', '--seed', '3', '--workers', '1', '--out', out, '--json');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(Object.keys(report)).toEqual(expect.arrayContaining(['task', 'target', 'best', 'metrics', 'leaderboard', 'seconds']));
    expect(report.task).toBe('classification');
    expect(report.target).toBe('Species');
    expect(report.metric).toBe('accuracy');
    expect(report.validation).toBe('5-fold cross-validation, repeated 3 times, on 120 training rows');
    // Four candidates and the soft-voting ensemble, each with its cross-validated score.
    expect(report.leaderboard).toHaveLength(5);
    for (const row of report.leaderboard) {
      expect(Object.keys(row)).toEqual(expect.arrayContaining(['model', 'params', 'score', 'std', 'seconds']));
      expect(row.score).toBeGreaterThan(0.5);
      expect(row.score).toBeLessThanOrEqual(1);
      expect(row.seconds).toBeGreaterThan(0);
    }
    // Each kind's defaults first, then one random candidate; the ensemble last.
    const defaults = report.leaderboard.filter((r: { params: object }) => Object.keys(r.params).length === 0).map((r: { model: string }) => r.model);
    expect(defaults.sort()).toEqual(['gaussian_nb', 'knn', 'logistic_regression']);
    expect(report.leaderboard.filter((r: { model: string }) => r.model === 'voting')).toHaveLength(1);
    // The winner is on the leaderboard, and (the simplest near the best) within a standard error of its top score.
    const { model, params, score, std } = report.best;
    expect(report.leaderboard).toContainEqual(expect.objectContaining({ model, params, score, std }));
    expect(score).toBeGreaterThanOrEqual(report.leaderboard[0].score - report.leaderboard[0].std / Math.sqrt(5));
    expect(report.seconds).toBeGreaterThan(report.search_seconds);

    const { fitted } = await readBundle(new Uint8Array(await readFile(out)));
    expect(fitted.model.kind).toBe(report.best.model);
    expect(fitted.metrics).toEqual(report.metrics);
    expect(fitted.spec.nodes.find((n) => n.kind === report.best.model)?.params).toMatchObject(report.best.params);
    expect(report.metrics.accuracy).toBeGreaterThanOrEqual(0.9);
    // Written whole: no partial file beside it.
    expect(await readdir(work)).toEqual(['best.pstudio']);
  });

  it.each([
    [['--budget', '5', '--trials', '3'], 'give --budget SECONDS or --trials N, not both'],
    [['--trials', '0'], '--trials must be a whole number ≥ 1, found "0"'],
    [['--budget', 'soon'], '--budget must be a number of seconds > 0, found "soon"'],
    [['--metric', 'precision'], 'unknown metric "precision"; the metrics are accuracy, f1_macro, roc_auc, log_loss, r2, rmse, mae'],
    [['--metric', 'rmse'], 'metric rmse is for regression, but the target asks for classification'],
    [['--models', 'linear_regression'], 'models: "linear_regression" is not a kind the search tries for classification'],
  ])('%j is a usage error: exit 2, with the message and the usage', async (flags, message) => {
    const { code, stderr } = await studio('automl', '--data', iris, '--target', 'Species', ...flags);
    expect(code).toBe(2);
    expect(stderr).toContain(message);
    expect(stderr).toContain('studio automl [PIPELINE.json] --data FILE.csv');
  });

  it('without --data is a usage error too', async () => {
    const { code, stderr } = await studio('automl', '--trials', '3');
    expect(code).toBe(2);
    expect(stderr).toContain('automl needs --data FILE.csv');
  });
});
