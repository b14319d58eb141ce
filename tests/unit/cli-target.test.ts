/**
 * `studio run` without --target: the suggested column is named on stderr (never in --json stdout,
 * which says `target_suggested: true` instead), and the default pipeline follows the columns' roles,
 * saying on stderr which columns it leaves out.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { nastyCsv } from './fixtures/nasty-table';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));
const penguins = fileURLToPath(new URL('../../../shared/datasets/penguins.csv', import.meta.url));

function studio(...args: string[]) {
  return run(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: root, maxBuffer: 64 << 20 });
}

describe('studio run without --target', () => {
  it('says on stderr which column it predicts and why; --json stdout only flags it', { timeout: 120_000 }, async () => {
    const { stdout, stderr } = await studio('run', '--data', penguins, '--model', 'decision_tree', '--json');
    expect(stderr).toContain('target: species (suggested: a categorical column with 3 classes, the first column; pass --target to choose)\n');
    const result = JSON.parse(stdout);
    expect(result).toMatchObject({ target: 'species', target_suggested: true, task: 'classification' });
    expect(stdout).not.toContain('suggested:');
  });

  it('says nothing of a suggestion when --target is given', { timeout: 120_000 }, async () => {
    const { stdout, stderr } = await studio('run', '--data', penguins, '--target', 'island', '--model', 'decision_tree', '--json');
    expect(stderr).not.toContain('target:');
    const result = JSON.parse(stdout);
    expect(result.target).toBe('island');
    expect('target_suggested' in result).toBe(false);
  });

  it('trains on a nasty file, naming the columns it leaves out', { timeout: 120_000 }, async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'studio-roles-')), 'games.csv');
    await writeFile(file, nastyCsv({ task: 'classification' }));
    const { stdout, stderr } = await studio('run', '--data', file, '--model', 'logistic_regression');
    expect(stderr).toContain('target: target (suggested: a column named like a label; pass --target to choose)\n');
    expect(stderr).toContain('left out: id (identifier: every value distinct, the consecutive whole numbers 1…2000: a row number or id)\n');
    expect(stderr).toContain('left out: constant (constant: every present cell holds "same")\n');
    expect(stderr).toMatch(/left out: review \(long prose, nearly every row its own \(\d+ characters on average\)/);
    expect(stdout).toMatch(/^target \(classification\), 1600 train \/ 400 test rows/);
    expect(Number(/accuracy: ([\d.]+)/.exec(stdout)?.[1])).toBeGreaterThan(0.6);
  });
});
