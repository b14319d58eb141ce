/**
 * `studio fairness` as a real process: the --json report's shape and figures (recounted from what
 * `studio predict` writes for the same file), usage errors that exit with 2 and name the columns
 * there are, and the line `run --out` prints for a model file that holds its training rows.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import Papa from 'papaparse';
import { beforeAll, describe, expect, it } from 'vitest';

const exec = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));

const studio = (...args: string[]) => exec(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: root, maxBuffer: 16 << 20 });

async function fails(...args: string[]): Promise<{ code: number; stderr: string }> {
  try {
    await studio(...args);
  } catch (e) {
    return e as { code: number; stderr: string };
  }
  throw new Error(`studio ${args.join(' ')} should have failed`);
}

/** 120 people: the label follows score, and score runs higher in group c; the last row has no label. */
const ROWS = 120;
const CSV = [
  'score,group,hired',
  ...Array.from({ length: ROWS }, (_, i) => {
    const group = ['a', 'b', 'c'][i % 3];
    const score = ((i * 37) % 100) / 10 + (group === 'c' ? 2 : 0);
    return `${score},${group},${i === ROWS - 1 ? '' : score > 6 ? 'yes' : 'no'}`;
  }),
].join('\n');

let work: string;
let model: string;
let data: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'studio-fairness-'));
  data = join(work, 'people.csv');
  model = join(work, 'people.pstudio');
  await writeFile(data, CSV + '\n');
  await studio('run', '--data', data, '--target', 'hired', '--out', model, '--json');
}, 60_000);

describe('studio fairness', () => {
  it('prints the report as JSON, its figures those of the predictions studio predict writes', async () => {
    const { stdout } = await studio('fairness', model, '--data', data, '--sensitive', 'group', '--json');
    const report = JSON.parse(stdout);
    expect(Object.keys(report).sort()).toEqual(['data', 'disparities', 'groups', 'left_out_rows', 'model', 'notes', 'outcomes', 'overall', 'rows', 'sensitive', 'task'].sort());
    expect([report.task, report.sensitive, report.rows, report.left_out_rows]).toEqual(['classification', ['group'], ROWS - 1, 1]);
    expect(report.groups.map((g: { values: string[]; rows: number }) => [g.values, g.rows])).toEqual([
      [['a'], 40],
      [['b'], 40],
      [['c'], 39],
    ]);
    expect(report.outcomes.map((o: { class: string }) => o.class)).toEqual(['yes']);

    const out = join(work, 'scored.csv');
    await studio('predict', model, '--data', data, '--out', out);
    const rows = Papa.parse<Record<string, string>>(await readFile(out, 'utf8'), { header: true, skipEmptyLines: true }).data.filter((r) => r.hired !== '');
    const rates = ['a', 'b', 'c'].map((g) => {
      const members = rows.filter((r) => r.group === g);
      return members.filter((r) => r.predicted_hired === 'yes').length / members.length;
    });
    const accuracy = ['a', 'b', 'c'].map((g) => {
      const members = rows.filter((r) => r.group === g);
      return members.filter((r) => r.predicted_hired === r.hired).length / members.length;
    });
    expect(report.outcomes[0].groups.map((g: { metrics: { selection_rate: number } }) => g.metrics.selection_rate)).toEqual(rates);
    expect(report.groups.map((g: { metrics: { accuracy: number } }) => g.metrics.accuracy)).toEqual(accuracy);
    expect(report.disparities.demographic_parity_difference).toBeCloseTo(Math.max(...rates) - Math.min(...rates), 12);
  }, 60_000);

  it('exits with 2 and the usage on an unknown column, the target named as sensitive, or a missing option', async () => {
    const [unknown, target, missing] = await Promise.all([
      fails('fairness', model, '--data', data, '--sensitive', 'group,gender'),
      fails('fairness', model, '--data', data, '--sensitive', 'hired'),
      fails('fairness', model, '--data', data),
    ]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain(`studio: --sensitive: ${data} has no column "gender"; its columns are score, group, hired`);
    expect(unknown.stderr).toContain('studio fairness MODEL.pstudio --data FILE.csv --sensitive COL[,COL] [--json]');
    expect([target.code, target.stderr.split('\n')[0]]).toEqual([2, 'studio: --sensitive: "hired" is the model\'s target; name the columns whose groups to compare']);
    expect([missing.code, missing.stderr.split('\n')[0]]).toEqual([2, 'studio: fairness needs --data FILE.csv and --sensitive COL[,COL]']);
  }, 60_000);

  it('says on stderr that a k-nearest-neighbours model file holds the training rows', async () => {
    const knn = join(work, 'knn.pstudio');
    const { stderr } = await studio('run', '--data', data, '--target', 'hired', '--model', 'knn', '--out', knn, '--json');
    expect(stderr).toContain(`note: ${knn} holds the model's training rows (preprocessed; knn keeps them to predict): whoever gets the file gets that data`);
  }, 60_000);
});
