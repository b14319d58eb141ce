import { describe, expect, it } from 'vitest';
import { defaultPipeline } from '../../src/core/pipeline/default';
import { schemaFlow } from '../../src/core/pipeline/schema-flow';
import type { Table } from '../../src/core/table/table';

const table: Table = {
  rowCount: 4,
  columns: [
    { name: 'x', kind: 'numeric', values: Float64Array.from([1, 2, NaN, 4]) },
    { name: 'g', kind: 'categorical', codes: Int32Array.from([0, 1, 0, 1]), categories: ['a', 'b'] },
    { name: 'y', kind: 'categorical', codes: Int32Array.from([0, 1, 0, 1]), categories: ['no', 'yes'] },
  ],
};

describe('schema flow', () => {
  it('tells each node which columns reach it', () => {
    const flow = schemaFlow(defaultPipeline('y', 'classification'), table);
    expect(flow.source.columns.map((c) => c.name)).toEqual(['x', 'g', 'y']);
    expect(flow.standardize.columns).toEqual([
      { name: 'x', kind: 'numeric' },
      { name: 'g', kind: 'categorical' },
      { name: 'y', kind: 'categorical' },
    ]);
    expect(flow.split.columns.map((c) => c.name)).toEqual(['x', 'y', 'g=a', 'g=b']);
    expect(Object.values(flow).every((n) => n.problems.length === 0)).toBe(true);
  });

  it('marks an invalid parameter and a node left unconnected', () => {
    const spec = defaultPipeline('y', 'classification');
    spec.nodes[5].params.max_iter = 0;
    spec.nodes.push({ id: 'loose', kind: 'standardize', params: {} });
    const flow = schemaFlow(spec, table);
    expect(flow.model.problems).toEqual(['max_iter must be ≥ 1']);
    expect(flow.loose.problems).toEqual(['not connected: nothing reaches this node']);
  });
});
