/**
 * The headless studio, as a real process: no row is left out in silence (a warning, `skipped_rows`
 * in --json, an error with --strict), and command lines that cannot be run as given exit with 2.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import Papa from 'papaparse';
import { beforeAll, describe, expect, it } from 'vitest';
import { modelKinds } from '../../src/core/models/kinds';

const execute = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));

async function studio(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await execute(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: root, maxBuffer: 64 << 20 });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const { code, stdout, stderr } = e as { code: number; stdout: string; stderr: string };
    return { code, stdout, stderr };
  }
}

/** 300 data rows of a 4-field file; row r is on line r + 2 (the header is line 1). */
function rows(edit: (lines: string[]) => void = () => {}): string {
  const lines = ['a,b,c,y'];
  for (let r = 0; r < 300; r++) lines.push(`${r % 17},${(r * 7) % 11},${(r * 3) % 5},${r % 3 === 0 ? 'yes' : 'no'}`);
  edit(lines);
  return lines.join('\n') + '\n';
}

let work: string;
const path = (name: string) => join(work, name);
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'studio-skipped-'));
  // Data rows 3 and 40 (lines 5 and 42) have 6 and 3 fields.
  await writeFile(path('extra-fields.csv'), rows((l) => ((l[4] = '1,2,3,yes,5,6'), (l[41] = '1,2,no'))));
  // Data row 100 (line 102) opens a quote that is never closed: the reader takes the rest of the file into it.
  await writeFile(path('unclosed.csv'), rows((l) => (l[101] = '1,"2,3,no')));
  await writeFile(path('clean.csv'), rows());
});

describe('rows left out while reading', () => {
  it('run warns with the count and the lines, and --json reports skipped_rows', async () => {
    const { code, stdout, stderr } = await studio('run', '--data', path('extra-fields.csv'), '--target', 'y', '--model', 'gaussian_nb', '--json');
    expect(code).toBe(0);
    expect(stderr).toContain('extra-fields.csv: 2 rows were left out while reading (lines 5, 42): line 5: expected 4 fields, found 6; line 42: expected 4 fields, found 3');
    const result = JSON.parse(stdout);
    expect(result.rows).toBe(298);
    expect(result.skipped_rows).toEqual({
      count: 2,
      examples: [
        { file: path('extra-fields.csv'), row: 3, line: 5, message: 'line 5: expected 4 fields, found 6' },
        { file: path('extra-fields.csv'), row: 40, line: 42, message: 'line 42: expected 4 fields, found 3' },
      ],
    });
  });

  it('run says how many lines an unclosed quote swallowed, and trains on the 100 rows before it', async () => {
    const { code, stdout, stderr } = await studio('run', '--data', path('unclosed.csv'), '--target', 'y', '--model', 'gaussian_nb', '--json');
    expect(code).toBe(0);
    expect(stderr).toContain('unclosed.csv: 1 row, 200 lines of the file, was left out while reading (lines 102–301): lines 102–301: a quoted field is never closed');
    const result = JSON.parse(stdout);
    expect(result.rows).toBe(100);
    expect(result.skipped_rows.count).toBe(1);
    expect(result.skipped_rows.examples[0]).toMatchObject({ row: 100, line: 102, lastLine: 301 });
  });

  it('a clean file reports none', async () => {
    const { stdout, stderr } = await studio('run', '--data', path('clean.csv'), '--target', 'y', '--model', 'gaussian_nb', '--json');
    expect(stderr).not.toContain('left out');
    expect(JSON.parse(stdout).skipped_rows).toEqual({ count: 0, examples: [] });
  });

  it('--strict refuses to run or predict on them: exit 1, naming the count and the lines', async () => {
    const run = await studio('run', '--data', path('extra-fields.csv'), '--target', 'y', '--model', 'gaussian_nb', '--strict');
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/extra-fields\.csv: 2 rows were left out while reading \(lines 5, 42\)/);
    expect(run.stderr).toContain('--strict');
    expect(run.stdout).toBe('');

    const model = path('clean.pstudio');
    expect((await studio('run', '--data', path('clean.csv'), '--target', 'y', '--model', 'gaussian_nb', '--out', model, '--strict')).code).toBe(0);
    const predict = await studio('predict', model, '--data', path('extra-fields.csv'), '--out', path('strict.csv'), '--strict');
    expect(predict.code).toBe(1);
    expect(predict.stderr).toMatch(/2 rows were left out while reading \(lines 5, 42\)/);
  });

  it('predict warns that those rows get no prediction, and the output holds the others', async () => {
    const model = path('clean-2.pstudio');
    await studio('run', '--data', path('clean.csv'), '--target', 'y', '--model', 'gaussian_nb', '--out', model);
    const out = path('predicted.csv');
    const { code, stdout, stderr } = await studio('predict', model, '--data', path('extra-fields.csv'), '--out', out, '--json');
    expect(code).toBe(0);
    expect(stderr).toContain(`2 rows were left out while reading (lines 5, 42): line 5: expected 4 fields, found 6; line 42: expected 4 fields, found 3 (they get no prediction in ${out})`);
    const result = JSON.parse(stdout);
    expect(result.skipped_rows.count).toBe(2);
    expect(result.rows).toBe(298);
    const written = Papa.parse<string[]>(await readFile(out, 'utf8'), { skipEmptyLines: true }).data;
    expect(written).toHaveLength(1 + 298);
  });

  it('--test-rows indices count the rows left out: those rows are named in the log, later ones move up', async () => {
    const split = path('split-unread.json');
    // Data row 3 was left out; data rows 0, 1 and 299 are table rows 0, 1 and 297.
    await writeFile(split, JSON.stringify({ test_indices: [0, 1, 3, 299] }));
    const { code, stderr } = await studio('run', '--data', path('extra-fields.csv'), '--target', 'y', '--model', 'gaussian_nb', '--test-rows', split);
    expect(code).toBe(0);
    expect(stderr).toContain("split: 1 of the fixed rows is left out: the file's reader could not read it");
    expect(stderr).toContain('split: 295 training rows, 3 test rows');
  });
});

describe('usage errors exit with 2', () => {
  it('an unknown model lists the kinds the registry has', async () => {
    const { code, stderr } = await studio('run', '--data', path('clean.csv'), '--target', 'y', '--model', 'xgboost');
    expect(code).toBe(2);
    expect(stderr).toContain(`unknown model kind "xgboost"; the kinds are ${modelKinds.map((k) => k.kind).join(', ')}`);
    expect(stderr).toContain('Usage:');
  });

  it('--test-rows indices beyond the table or repeated are named, with their count', async () => {
    const split = path('split-bad.json');
    await writeFile(split, JSON.stringify({ test_indices: [1, 2, 300, 301, 302, 303, 304, 305, 2] }));
    const { code, stderr } = await studio('run', '--data', path('clean.csv'), '--target', 'y', '--model', 'gaussian_nb', '--test-rows', split);
    expect(code).toBe(2);
    expect(stderr).toContain(`${split}: test rows: 6 row indices are beyond the file's 300 data rows, 0 to 299: 300, 301, 302, 303, 304, …; test rows: 1 row index is given more than once: 2`);
  });

  it('training indices that are also test rows are named', async () => {
    const split = path('split-both.json');
    await writeFile(split, JSON.stringify({ test_indices: [1, 2, 3], train_indices: [3, 4, 5, 1] }));
    const { code, stderr } = await studio('run', '--data', path('clean.csv'), '--target', 'y', '--model', 'gaussian_nb', '--test-rows', split);
    expect(code).toBe(2);
    expect(stderr).toContain('training rows: 2 row indices are test rows too: 3, 1');
  });

  it('entries that are not row indices are named', async () => {
    const split = path('split-text.json');
    await writeFile(split, JSON.stringify([1, -2, 'x', 3.5]));
    const { code, stderr } = await studio('run', '--data', path('clean.csv'), '--target', 'y', '--model', 'gaussian_nb', '--test-rows', split);
    expect(code).toBe(2);
    expect(stderr).toContain(`${split}: 3 entries are not 0-based row indices (whole numbers ≥ 0): -2, "x", 3.5`);
  });
});
