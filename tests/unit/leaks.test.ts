/**
 * Five consecutive runs of a pipeline with every model kind leave the backend's tensor count and
 * memory where they started: no tensor of a run outlives it (the training issue's leak check).
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { modelKinds } from '../../src/core/models/kinds';
import { defaultPipeline } from '../../src/core/pipeline/default';
import { runPipeline } from '../../src/core/pipeline/run';
import type { PipelineSpec, Task } from '../../src/core/pipeline/spec';
import { seededRng } from '../../src/core/random';
import type { Table } from '../../src/core/table/table';

const dataset = { name: 'synthetic', sha256: 'cd'.repeat(32) };

function table(task: Task, rows = 200): Table {
  const rng = seededRng(4);
  const x = Float64Array.from({ length: rows }, () => rng() * 4 - 2);
  const target =
    task === 'classification'
      ? { name: 'y', kind: 'categorical' as const, codes: Int32Array.from(x, (v) => (v > 0 ? 1 : 0)), categories: ['no', 'yes'] }
      : { name: 'y', kind: 'numeric' as const, values: Float64Array.from(x, (v) => 3 * v + rng()) };
  return {
    rowCount: rows,
    columns: [{ name: 'x', kind: 'numeric', values: x }, { name: 'g', kind: 'categorical', codes: Int32Array.from(x, (_, i) => i % 3), categories: ['a', 'b', 'c'] }, target],
  };
}

/** The default pipeline with one model node (and its evaluate node) per model kind of the task. */
function everyModel(task: Task): PipelineSpec {
  const spec = defaultPipeline('y', task);
  const kinds = modelKinds.filter((k) => k.tasks.includes(task) && k.kind !== spec.nodes.find((n) => n.id === 'model')!.kind);
  for (const kind of kinds) {
    spec.nodes.push({ id: `m_${kind.kind}`, kind: kind.kind, params: {} }, { id: `e_${kind.kind}`, kind: 'evaluate', params: {} });
    spec.edges.push({ from: 'split', to: `m_${kind.kind}` }, { from: `m_${kind.kind}`, to: `e_${kind.kind}` });
  }
  for (const node of spec.nodes) if ('epochs' in (modelKinds.find((k) => k.kind === node.kind)?.params ?? {})) node.params.epochs = 5;
  return spec;
}

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('five consecutive runs', () => {
  for (const task of ['classification', 'regression'] as const) {
    it(`leave no tensor and no memory behind (${task}, every model kind)`, { timeout: 120_000 }, async () => {
      const spec = everyModel(task);
      const data = table(task);
      const before = tf.memory();
      for (let run = 0; run < 5; run++) {
        const { results } = await runPipeline(spec, data, { dataset, seed: run });
        expect(results.map((r) => r.summary.modelKind).sort()).toEqual(modelKinds.filter((k) => k.tasks.includes(task)).map((k) => k.kind).sort());
      }
      const after = tf.memory();
      expect(after.numTensors).toBe(before.numTensors);
      expect(after.numBytes).toBe(before.numBytes);
      expect(after.numDataBuffers).toBe(before.numDataBuffers);
    });
  }
});
