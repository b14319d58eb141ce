/**
 * The node cache: a second run after a model-only change (the learning rate) takes the
 * preprocessing from the cache. Reports each node's status and time in both runs.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseCsv } from '../../src/core/csv/parse';
import { defaultPipeline } from '../../src/core/pipeline/default';
import type { NodeLog } from '../../src/core/pipeline/events';
import { createRunCache, runPipeline } from '../../src/core/pipeline/run';

export interface CacheBench {
  dataset: string;
  first: NodeLog[];
  second: NodeLog[];
  firstSeconds: number;
  secondSeconds: number;
}

export async function benchCache(datasets: string): Promise<CacheBench> {
  const name = 'diamonds';
  const bytes = new Uint8Array(await readFile(join(datasets, `${name}.csv`)));
  const { table } = await parseCsv(bytes);
  const spec = defaultPipeline('price', 'regression');
  const cache = createRunCache();
  const run = async () => {
    const logs: NodeLog[] = [];
    const started = performance.now();
    await runPipeline(spec, table, { dataset: { name, sha256: name }, cache, onEvent: (e) => e.type === 'node' && logs.push(e.log) });
    return { logs, seconds: (performance.now() - started) / 1000 };
  };
  const first = await run();
  spec.nodes[5].params.alpha = 0.5;
  const second = await run();
  return { dataset: name, first: first.logs, second: second.logs, firstSeconds: first.seconds, secondSeconds: second.seconds };
}
