/**
 * Property: any valid pipeline (one to four datasets appended or joined, random steps, parameters
 * within their schemas, one to three models) serialises, re-loads through validation and migration, and comes back the same spec.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findModelKind, modelKinds } from '../../src/core/models/kinds';
import type { ParamSchema, ParamsSchema } from '../../src/core/params';
import { appendParams } from '../../src/core/pipeline/combine';
import { FAIRNESS_THRESHOLDS } from '../../src/core/fairness/params';
import { evaluateParams } from '../../src/core/pipeline/gate';
import { splitParams } from '../../src/core/pipeline/split';
import { PIPELINE_FORMAT, PIPELINE_VERSION, type ParamValue, type PipelineEdge, type PipelineNode, type PipelineSpec, type Task } from '../../src/core/pipeline/spec';
import { pipelineTemplates } from '../../src/core/pipeline/templates';
import { parsePipeline, serializePipeline } from '../../src/core/pipeline/validate';
import { stepKinds } from '../../src/core/steps/registry';

const COLUMNS = ['a', 'b', 'c'];

function value(p: ParamSchema): fc.Arbitrary<ParamValue> {
  switch (p.type) {
    case 'number': {
      const min = p.min ?? -1e6;
      const max = p.max ?? 1e6;
      if (p.integer) return fc.integer({ min: Math.ceil(min), max: Math.floor(Math.min(max, 2 ** 31 - 1)) });
      // JSON has no negative zero: -0 is written as 0, which is the same parameter value.
      return fc.double({ min, max, noNaN: true, noDefaultInfinity: true }).map((v) => (Object.is(v, -0) ? 0 : v));
    }
    case 'enum':
      return fc.constantFrom(...p.options);
    case 'boolean':
      return fc.boolean();
    case 'string':
      return fc.string({ maxLength: 12 });
    case 'column':
      return fc.constantFrom(...COLUMNS);
    case 'columns':
      return fc.subarray(COLUMNS);
  }
}

/** Some of a schema's parameters, each a valid value (the rest take their defaults). */
function params(schema: ParamsSchema): fc.Arbitrary<Record<string, ParamValue>> {
  return fc.record(Object.fromEntries(Object.entries(schema).map(([k, p]) => [k, value(p)])), { requiredKeys: [] }) as fc.Arbitrary<Record<string, ParamValue>>;
}

/** The data part: one source (the active dataset, or one by id), or several appended, or two joined. */
const data: fc.Arbitrary<{ nodes: PipelineNode[]; edges: PipelineEdge[]; root: PipelineNode }> = fc
  .record({
    datasets: fc.array(fc.option(fc.string({ minLength: 1, maxLength: 8 }), { nil: undefined }), { minLength: 1, maxLength: 4 }),
    join: fc.boolean(),
    append: params(appendParams),
    keys: fc.array(fc.constantFrom(...COLUMNS), { minLength: 1, maxLength: 2 }),
    renamed: fc.boolean(),
    how: fc.constantFrom('inner', 'left'),
  })
  .map(({ datasets, join, append, keys, renamed, how }) => {
    const sources = datasets.map((d, i): PipelineNode => ({ id: i ? `source${i}` : 'source', kind: 'source', params: d === undefined ? {} : { dataset: d } }));
    if (sources.length === 1) return { nodes: sources, edges: [], root: sources[0] };
    if (join && sources.length === 2) {
      const root: PipelineNode = { id: 'combine', kind: 'join', params: { keys, right_keys: renamed ? keys.map((k) => `${k}_id`) : [], how, suffix: '_r' } };
      return { nodes: [...sources, root], edges: [{ from: 'source', to: 'combine', port: 'left' }, { from: 'source1', to: 'combine', port: 'right' }], root };
    }
    const root: PipelineNode = { id: 'combine', kind: 'append', params: append };
    return { nodes: [...sources, root], edges: sources.map((n) => ({ from: n.id, to: 'combine' })), root };
  });

/** An evaluate node's values as a valid file has them: the target is no sensitive column; fairness thresholds judge classification with sensitive columns. */
function validTogether(values: Record<string, ParamValue>, task: Task, target: string): Record<string, ParamValue> {
  const out = { ...values };
  if (Array.isArray(out.sensitive)) out.sensitive = out.sensitive.filter((c) => c !== target);
  const judged = task === 'classification' && Array.isArray(out.sensitive) && out.sensitive.length > 0;
  if (!judged) for (const key of FAIRNESS_THRESHOLDS) if (key in out) out[key] = 0;
  return out;
}

const pipeline: fc.Arbitrary<PipelineSpec> = fc.constantFrom<Task>('classification', 'regression').chain((task) => {
  const models = modelKinds.filter((m) => m.tasks.includes(task));
  const step = fc.constantFrom(...stepKinds).chain((s) => params(s.params).map((p) => ({ kind: s.kind, params: p })));
  // Parameters a kind checks together (a voting model's members: a JSON list) are kept only when it accepts them.
  const model = fc.constantFrom(...models).chain((m) =>
    params(m.params)
      .filter((p) => !m.paramProblems?.(p, task, findModelKind).length)
      .map((p) => ({ kind: m.kind, params: p })),
  );
  return fc
    .record({
      name: fc.string({ maxLength: 20 }),
      target: fc.constantFrom(...COLUMNS),
      steps: fc.array(step, { maxLength: 6 }),
      split: params(splitParams),
      models: fc.array(fc.record({ model, gate: params(evaluateParams) }), { minLength: 1, maxLength: 3 }),
      data,
    })
    .map(({ name, target, steps, split, models, data }) => {
      const chain: PipelineNode[] = [data.root, ...steps.map((s, i) => ({ id: `step${i}`, ...s })), { id: 'split', kind: 'split', params: split }];
      const nodes: PipelineNode[] = [...data.nodes, ...chain.slice(1)];
      const edges: PipelineEdge[] = [...data.edges, ...chain.slice(1).map((n, i) => ({ from: chain[i].id, to: n.id }))];
      models.forEach(({ model, gate }, i) => {
        nodes.push({ id: `model${i}`, ...model }, { id: `evaluate${i}`, kind: 'evaluate', params: validTogether(gate, task, target) });
        edges.push({ from: 'split', to: `model${i}` }, { from: `model${i}`, to: `evaluate${i}` });
      });
      return { format: PIPELINE_FORMAT, version: PIPELINE_VERSION, name, task, target, nodes, edges };
    });
});

describe('pipeline file (property)', () => {
  it('random valid pipelines round-trip through serialise → parse unchanged', () => {
    fc.assert(
      fc.property(pipeline, (spec) => {
        expect(parsePipeline(serializePipeline(spec))).toEqual(spec);
      }),
      { numRuns: 300 },
    );
  });

  it('every template is a valid pipeline for its task (or for either, when it follows the target)', () => {
    for (const t of pipelineTemplates) {
      for (const task of t.task ? [t.task] : (['classification', 'regression'] as const)) {
        const spec = t.build('y', task);
        expect(spec.task).toBe(task);
        expect(parsePipeline(serializePipeline(spec))).toEqual(spec);
      }
    }
  });
});
