/** The headless studio on a pipeline that joins two files: `--data ID=FILE.csv` once per dataset. */
import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultPipeline } from '../../src/core/pipeline/default';
import { serializePipeline } from '../../src/core/pipeline/validate';
import { files, joinPipeline } from './combine-fixtures';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));
const studio = (...args: string[]) => run(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: root, maxBuffer: 16 << 20 });

let work: string;
const at = (name: string) => join(work, name);

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'studio-combine-'));
  const { ordersCsv, customersCsv, joinedCsv } = files();
  await writeFile(at('orders.csv'), ordersCsv);
  await writeFile(at('customers.csv'), customersCsv);
  await writeFile(at('joined.csv'), joinedCsv);
  await writeFile(at('join.pipeline.json'), serializePipeline(joinPipeline()));
  await writeFile(at('plain.pipeline.json'), serializePipeline(defaultPipeline('returned', 'classification')));
});

describe('studio run with several datasets', () => {
  it('joins the files it is given by id, and scores as the same pipeline on the pre-joined file', async () => {
    const joined = JSON.parse((await studio('run', at('join.pipeline.json'), '--data', `ord=${at('orders.csv')}`, '--data', `cust=${at('customers.csv')}`, '--seed', '3', '--json')).stdout);
    const direct = JSON.parse((await studio('run', at('plain.pipeline.json'), '--data', at('joined.csv'), '--seed', '3', '--json')).stdout);
    expect(joined.rows).toBe(direct.rows);
    expect(joined.metrics).toEqual(direct.metrics);
  }, 120_000);

  it('asks for each dataset by id when one file is given for a pipeline that reads two', async () => {
    const failed = await studio('run', at('join.pipeline.json'), '--data', at('orders.csv')).then(
      () => null,
      (e: { code: number; stderr: string }) => e,
    );
    expect(failed?.code).toBe(2);
    expect(failed?.stderr).toContain('studio: the pipeline reads 2 datasets (ord, cust): give each as --data ID=FILE.csv');
    const missing = await studio('run', at('join.pipeline.json'), '--data', `ord=${at('orders.csv')}`, '--data', `other=${at('customers.csv')}`).then(
      () => null,
      (e: { code: number; stderr: string }) => e,
    );
    expect(missing?.stderr).toContain('a source reads the dataset "cust": give its file as --data cust=FILE.csv');
  }, 120_000);
});
