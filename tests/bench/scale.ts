/**
 * `npm run bench:scale -- [--rows 100000,1000000,5000000] [--model logistic_regression]
 * [--max-seconds 900] [--dir DIR]`: `studio run` on generated tables of 20 numeric columns and a
 * binary target (tests/bench/numeric-csv.ts), spawned as a person runs it, timed with its peak
 * memory (RSS, from GNU time), beside scikit-learn's pandas.read_csv + fit of the same model on the
 * same file and the same 80/20 stratified split size, when $PYTHON (default /work/venv/bin/python)
 * has scikit-learn. A run over --max-seconds is stopped and reported as a timeout. Figures only: it
 * never fails on time. Writes bench-results/scale.json.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, statSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { numericCsvBlocks } from './numeric-csv';

const root = fileURLToPath(new URL('../../', import.meta.url));
const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '100000,1000000,5000000' },
    model: { type: 'string', default: 'logistic_regression' },
    'max-seconds': { type: 'string', default: '900' },
    dir: { type: 'string', default: join(tmpdir(), 'studio-scale-bench') },
  },
});
const rowCounts = values.rows.split(',').map((r) => Number(r.replace(/_/g, '')));
const maxSeconds = Number(values['max-seconds']);
const python = process.env.PYTHON ?? '/work/venv/bin/python';
const GNU_TIME = '/usr/bin/time';

/** scikit-learn's estimator for each studio model kind the bench knows. */
const SKLEARN: Record<string, string> = {
  logistic_regression: 'from sklearn.linear_model import LogisticRegression as Model',
  gaussian_nb: 'from sklearn.naive_bayes import GaussianNB as Model',
  hist_gradient_boosting: 'from sklearn.ensemble import HistGradientBoostingClassifier as Model',
};

/** pandas.read_csv, then the model's fit on a stratified 80 % of the rows, scored on the rest; prints JSON. */
const PYTHON_RUN = (importModel: string) => `
import json, sys, time
t0 = time.perf_counter()
import pandas as pd
from sklearn.model_selection import train_test_split
${importModel}
frame = pd.read_csv(sys.argv[1])
read = time.perf_counter() - t0
x, y = frame.drop(columns=['y']).to_numpy(), frame['y'].to_numpy()
x_train, x_test, y_train, y_test = train_test_split(x, y, test_size=0.2, stratify=y, random_state=42)
t1 = time.perf_counter()
model = Model().fit(x_train, y_train)
fit = time.perf_counter() - t1
print(json.dumps({'read': read, 'fit': fit, 'accuracy': float(model.score(x_test, y_test))}))
`;

interface Measured {
  seconds: number;
  peakRssMb?: number;
  timedOut: boolean;
  exitCode: number | null;
  stdout: string;
  stderr: string;
}

/** Run a command to its end or to the time limit, with its wall time and (through GNU time) its peak RSS. */
async function measure(command: string, args: string[]): Promise<Measured> {
  const withTime = existsSync(GNU_TIME);
  const stats = join(values.dir, `time-${process.pid}.txt`);
  const [bin, argv] = withTime ? [GNU_TIME, ['-o', stats, '-f', '%M', command, ...args]] : [command, args];
  const started = performance.now();
  // In a process group of its own, so that a timeout stops the run and GNU time around it together.
  const child = spawn(bin, argv, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d));
  child.stderr.on('data', (d: Buffer) => (stderr += d));
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    process.kill(-(child.pid as number), 'SIGKILL');
  }, maxSeconds * 1000);
  const [exitCode] = (await once(child, 'exit')) as [number | null];
  clearTimeout(timer);
  const seconds = (performance.now() - started) / 1000;
  let peakRssMb: number | undefined;
  if (withTime && !timedOut) {
    const kb = Number((await readFile(stats, 'utf8').catch(() => '')).trim().split('\n').pop());
    if (kb > 0) peakRssMb = kb / 1024;
    await rm(stats, { force: true });
  }
  return { seconds, peakRssMb, timedOut, exitCode, stdout, stderr };
}

async function csvFile(rows: number): Promise<{ path: string; mb: number }> {
  const path = join(values.dir, `numeric-${rows}.csv`);
  if (!existsSync(path)) {
    process.stderr.write(`writing ${path}\n`);
    const out = createWriteStream(path);
    for (const block of numericCsvBlocks(rows)) if (!out.write(block)) await once(out, 'drain');
    out.end();
    await once(out, 'finish');
  }
  return { path, mb: statSync(path).size / 2 ** 20 };
}

function hasSklearn(): boolean {
  return existsSync(python) && spawnSync(python, ['-c', 'import sklearn, pandas'], { stdio: 'ignore' }).status === 0;
}

const mb = (x: number | undefined) => (x === undefined ? 'n/a' : `${Math.round(x)}`);
const s = (m: Measured) => (m.timedOut ? `timeout (> ${maxSeconds} s)` : m.exitCode !== 0 ? `failed (${m.exitCode})` : m.seconds.toFixed(1));

await mkdir(values.dir, { recursive: true });
const sklearn = hasSklearn() && SKLEARN[values.model] !== undefined;
if (!sklearn) {
  process.stderr.write(SKLEARN[values.model] === undefined ? `no scikit-learn counterpart listed for ${values.model}: studio only\n` : `scikit-learn and pandas not found at ${python} (set PYTHON): studio only\n`);
}
if (!existsSync(GNU_TIME)) process.stderr.write(`${GNU_TIME} not found: peak memory is not measured\n`);

const results = [];
console.log(`## studio run at scale: ${values.model}, 20 numeric columns + binary target, ${maxSeconds} s per run at most\n`);
console.log('| rows | CSV MiB | studio s | studio peak RSS MiB | RSS / CSV | accuracy | scikit-learn s (read + fit) | scikit-learn peak RSS MiB | accuracy |');
console.log('|---|---|---|---|---|---|---|---|---|');
for (const rows of rowCounts) {
  const file = await csvFile(rows);
  process.stderr.write(`studio run, ${rows} rows\n`);
  const studio = await measure(process.execPath, ['--import', 'tsx/esm', 'src/cli/main.ts', 'run', '--data', file.path, '--target', 'y', '--model', values.model, '--json']);
  const run = studio.exitCode === 0 ? (JSON.parse(studio.stdout) as { seconds: number; metrics: { accuracy: number } }) : undefined;
  if (studio.exitCode !== 0 && !studio.timedOut) process.stderr.write(studio.stderr);
  let reference: { measured: Measured; figures?: { read: number; fit: number; accuracy: number } } | undefined;
  if (sklearn) {
    process.stderr.write(`scikit-learn, ${rows} rows\n`);
    const measured = await measure(python, ['-c', PYTHON_RUN(SKLEARN[values.model]), file.path]);
    reference = { measured, figures: measured.exitCode === 0 ? JSON.parse(measured.stdout.trim().split('\n').pop() as string) : undefined };
  }
  const ref = reference?.measured;
  console.log(
    `| ${rows.toLocaleString('en')} | ${Math.round(file.mb)} | ${s(studio)} | ${mb(studio.peakRssMb)} | ${studio.peakRssMb ? (studio.peakRssMb / file.mb).toFixed(2) : 'n/a'} | ${run ? run.metrics.accuracy.toFixed(4) : '–'} | ${ref ? `${s(ref)}${reference?.figures ? ` (${reference.figures.read.toFixed(1)} + ${reference.figures.fit.toFixed(1)})` : ''}` : 'not run'} | ${ref ? mb(ref.peakRssMb) : '–'} | ${reference?.figures ? reference.figures.accuracy.toFixed(4) : '–'} |`,
  );
  results.push({ rows, csvMb: file.mb, model: values.model, studio: { ...studio, stdout: undefined, stderr: undefined, run }, sklearn: reference && { ...reference.measured, stdout: undefined, stderr: undefined, ...reference.figures } });
}
await mkdir(join(root, 'bench-results'), { recursive: true });
await writeFile(join(root, 'bench-results/scale.json'), JSON.stringify({ maxSeconds, python: sklearn ? python : null, results }, null, 2));
