/**
 * `npm run bench:solvers -- [--rows 100000,1000000] [--repeat 3]`: the linear-model solvers
 * (src/core/models/solvers) against scikit-learn on the same generated data, 20 standard-normal
 * features: LogisticRegression (L2, C = 1, lbfgs, tol 1e-4, max_iter 100), Ridge (alpha = 1) and
 * Lasso (alpha = 0.01). Prints wall-clock seconds (best and median of the repeats), the best CPU
 * seconds (steadier than wall time on a shared machine; the ratio column compares those), iterations,
 * training accuracy or R² and the largest coefficient difference; writes bench-results/solvers.json.
 * Figures, never pass/fail.
 *
 * scikit-learn runs single-threaded (OMP/OpenBLAS/MKL threads 1), as our solvers are, through
 * /work/venv/bin/python or $PYTHON; without a Python that imports sklearn the table says so and shows ours only.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TrainingSet } from '../../src/core/models/data';
import { fitLogistic } from '../../src/core/models/solvers/logistic';
import { decisionFunction } from '../../src/core/models/solvers/predict';
import { fitLinear } from '../../src/core/models/solvers/regression';
import type { LinearModelFit } from '../../src/core/models/solvers/result';
import { seededRng } from '../../src/core/random';
import { classificationSet, gaussianColumns, logisticLabels, regressionSet, scores } from '../fixtures/solvers/synthetic';
import { median } from './stats';

const FEATURES = 20;
const argument = (name: string, fallback: string) => {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1] : fallback;
};
const rowCounts = argument('rows', '100000,1000000').split(',').map(Number);
const repeats = Number(argument('repeat', '3'));

interface Outcome {
  seconds: number[];
  cpu: number[];
  metric: number;
  coef: number[];
  iterations?: number;
}

const PYTHON_FITS = `
import json, sys, time
import numpy as np
from sklearn.linear_model import Lasso, LogisticRegression, Ridge
folder, n, d, repeats = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
x = np.fromfile(folder + "/x.f64", dtype="<f8").reshape(d, n).T.copy()
labels = np.fromfile(folder + "/labels.i32", dtype="<i4")
target = np.fromfile(folder + "/target.f64", dtype="<f8")
out = {}
for name, make, y in [
    ("logistic", lambda: LogisticRegression(C=1.0, tol=1e-4, max_iter=100), labels),
    ("ridge", lambda: Ridge(alpha=1.0), target),
    ("lasso", lambda: Lasso(alpha=0.01), target),
]:
    seconds, cpu = [], []
    for _ in range(repeats):
        model = make()
        start, start_cpu = time.perf_counter(), time.process_time()
        model.fit(x, y)
        seconds.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    metric = float(model.score(x, y))
    out[name] = {"seconds": seconds, "cpu": cpu, "metric": metric, "coef": np.ravel(model.coef_).tolist(), "iterations": int(np.max(getattr(model, "n_iter_", 0) or 0))}
print(json.dumps(out))
`;

function python(): string | undefined {
  const candidates = [process.env.PYTHON, '/work/venv/bin/python'].filter((p): p is string => !!p);
  return candidates.find((p) => {
    try {
      execFileSync(p, ['-c', 'import sklearn'], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  });
}

function accuracy(fit: LinearModelFit, data: TrainingSet): number {
  const z = decisionFunction(fit, data);
  const y = data.y as Int32Array;
  return z.reduce((hits, v, i) => hits + ((v > 0 ? 1 : 0) === y[i] ? 1 : 0), 0) / data.rows;
}

function r2(fit: LinearModelFit, data: TrainingSet): number {
  const z = decisionFunction(fit, data);
  const y = data.y as Float64Array;
  const mean = y.reduce((a, b) => a + b, 0) / y.length;
  let residual = 0;
  let total = 0;
  y.forEach((v, i) => {
    residual += (v - z[i]) ** 2;
    total += (v - mean) ** 2;
  });
  return 1 - residual / total;
}

async function ours(name: string, fit: () => Promise<LinearModelFit>, metric: (f: LinearModelFit) => number): Promise<Outcome> {
  const seconds: number[] = [];
  const cpu: number[] = [];
  let last: LinearModelFit | undefined;
  for (let r = 0; r < repeats; r++) {
    const start = performance.now();
    const startCpu = process.cpuUsage();
    last = await fit();
    seconds.push((performance.now() - start) / 1000);
    const used = process.cpuUsage(startCpu);
    cpu.push((used.user + used.system) / 1e6);
  }
  if (last!.warnings.length) console.log(`  ${name}: ${last!.warnings.join(' ')}`);
  return { seconds, cpu, metric: metric(last!), coef: [...last!.coef], iterations: last!.iterations };
}

const interpreter = python();
if (!interpreter) console.log('scikit-learn: not available (no /work/venv/bin/python or $PYTHON that imports sklearn); showing our solvers only.');
const results: Record<string, unknown>[] = [];
for (const rows of rowCounts) {
  const columns = gaussianColumns(rows, FEATURES, 42);
  const weights = Array.from({ length: FEATURES }, (_, j) => (j % 3 === 0 ? 0 : Math.sin(j + 1)));
  const score = scores(columns, weights, 0.5);
  const classes = classificationSet(columns, logisticLabels(score, 43));
  const rng = seededRng(44);
  const values = regressionSet(columns, score.map((v) => v + 2 * (rng() - 0.5)));
  const mine: Record<string, Outcome> = {
    logistic: await ours('logistic', () => fitLogistic(classes, { C: 1 }), (f) => accuracy(f, classes)),
    ridge: await ours('ridge', () => fitLinear(values, { penalty: 'l2', alpha: 1 }), (f) => r2(f, values)),
    lasso: await ours('lasso', () => fitLinear(values, { penalty: 'l1', alpha: 0.01 }), (f) => r2(f, values)),
  };
  let theirs: Record<string, Outcome> | undefined;
  if (interpreter) {
    const folder = mkdtempSync(join(tmpdir(), 'solvers-bench-'));
    try {
      const x = new Float64Array(rows * FEATURES);
      columns.forEach((column, j) => x.set(column, j * rows));
      writeFileSync(join(folder, 'x.f64'), new Uint8Array(x.buffer));
      writeFileSync(join(folder, 'labels.i32'), new Uint8Array((classes.y as Int32Array).buffer));
      writeFileSync(join(folder, 'target.f64'), new Uint8Array((values.y as Float64Array).buffer));
      const threads = { OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };
      const output = execFileSync(interpreter, ['-c', PYTHON_FITS, folder, String(rows), String(FEATURES), String(repeats)], { env: { ...process.env, ...threads }, maxBuffer: 1 << 24 });
      theirs = JSON.parse(output.toString()) as Record<string, Outcome>;
    } finally {
      if (existsSync(folder)) rmSync(folder, { recursive: true });
    }
  }
  console.log(`\n${rows.toLocaleString('en')} rows × ${FEATURES} features (best / median of ${repeats})`);
  console.log('model     | ours wall s (best / median), cpu s | sklearn wall s (best / median), cpu s | ours ÷ sklearn (cpu) | iterations ours / sklearn | ours metric | sklearn metric | max |Δcoef| / ‖coef‖');
  for (const name of ['logistic', 'ridge', 'lasso']) {
    const a = mine[name];
    const b = theirs?.[name];
    const time = (o: Outcome) => `${Math.min(...o.seconds).toFixed(3)} / ${median(o.seconds).toFixed(3)}, ${Math.min(...o.cpu).toFixed(3)}`;
    const gap = b ? Math.max(...a.coef.map((w, j) => Math.abs(w - b.coef[j]))) / Math.hypot(...b.coef) : NaN;
    const ratio = b ? (Math.min(...a.cpu) / Math.min(...b.cpu)).toFixed(2) : '–';
    const label = name === 'logistic' ? 'accuracy' : 'R²';
    console.log(
      `${name.padEnd(9)} | ${time(a).padEnd(34)} | ${(b ? time(b) : 'n/a').padEnd(37)} | ${ratio.padEnd(20)} | ${`${a.iterations} / ${b ? b.iterations || '–' : 'n/a'}`.padEnd(25)} | ${label} ${a.metric.toFixed(5)} | ${b ? `${label} ${b.metric.toFixed(5)}` : 'n/a'} | ${b ? gap.toExponential(1) : 'n/a'}`,
    );
    results.push({ rows, features: FEATURES, model: name, ours: { ...a, coef: undefined }, sklearn: b ? { ...b, coef: undefined } : null, relativeCoefficientGap: b ? gap : null });
  }
}
await mkdir('bench-results', { recursive: true });
await writeFile('bench-results/solvers.json', JSON.stringify({ python: interpreter ?? null, repeats, results }, null, 2));
