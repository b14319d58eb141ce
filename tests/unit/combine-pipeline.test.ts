/**
 * Pipelines with several sources: the graph rules of the data part, the file format, the schema
 * flow, and a join pipeline run end to end, whose model must equal one trained on the same rows
 * joined beforehand.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { readBundle, writeBundle } from '../../src/core/bundle/bundle';
import type { SourceData } from '../../src/core/pipeline/data';
import { defaultPipeline } from '../../src/core/pipeline/default';
import type { NodeLog, RunEvent } from '../../src/core/pipeline/events';
import { branchSpec, connectionProblem, planPipeline } from '../../src/core/pipeline/graph';
import { predictTable } from '../../src/core/pipeline/predict';
import { createRunCache, runFirstModel, runPipeline } from '../../src/core/pipeline/run';
import { schemaFlow } from '../../src/core/pipeline/schema-flow';
import type { PipelineSpec } from '../../src/core/pipeline/spec';
import { parsePipeline, serializePipeline, validatePipeline } from '../../src/core/pipeline/validate';
import type { Table } from '../../src/core/table/table';
import { csv, files, joinPipeline } from './combine-fixtures';

function library(tables: Record<string, Table>): (id: string | undefined) => SourceData {
  return (id) => {
    if (id === undefined || !tables[id]) throw new Error(`Dataset "${id}" is not loaded`);
    return { name: `${id}.csv`, sha256: id.repeat(16).slice(0, 64), table: tables[id] };
  };
}

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('the data part of a pipeline', () => {
  it('plans sources and combine nodes before the branches, a join reading [left, right]', () => {
    const plan = planPipeline(joinPipeline());
    expect(plan.data.map((n) => n.id)).toEqual(['orders', 'customers', 'join']);
    expect(plan.root.id).toBe('join');
    expect(plan.inputs.get('join')?.map((e) => e.port)).toEqual(['left', 'right']);
    expect(plan.branches[0].path.map((n) => n.id)).toEqual(['join', 'impute', 'standardize', 'one_hot', 'split', 'model', 'evaluate']);
    const bundled = branchSpec(joinPipeline(), plan.branches[0]);
    expect(bundled.nodes.map((n) => n.id)).toContain('customers');
    expect(() => validatePipeline(bundled)).not.toThrow();
  });

  it('takes only datasets and combine nodes into a combine node', () => {
    const step = { id: 's', kind: 'impute', params: {} };
    const join = { id: 'j', kind: 'join', params: {} };
    expect(connectionProblem(step, join)).toMatch(/join combines datasets: it reads sources and other append or join nodes, not impute/);
    expect(connectionProblem({ id: 'a', kind: 'append', params: {} }, join)).toBeNull();
    expect(connectionProblem(join, step)).toBeNull();
  });

  it('says what is wrong with other shapes', () => {
    const spec = joinPipeline();
    const noRight = { ...spec, edges: spec.edges.filter((e) => e.from !== 'customers') };
    expect(() => planPipeline(noRight)).toThrow(/node "join": join needs a left and a right input; right not connected/);
    const noPort = { ...spec, edges: spec.edges.map((e) => (e.from === 'customers' ? { from: e.from, to: e.to } : e)) };
    expect(() => planPipeline(noPort)).toThrow(/node "join": the edge from customers must say which input it feeds: port "left" or "right"/);
    const apart = { ...spec, nodes: [...spec.nodes, { id: 'extra', kind: 'source', params: { dataset: 'x' } }] };
    expect(() => planPipeline(apart)).toThrow(/the datasets must come together in one table, but extra, join each give their own/);
    const early = { ...spec, edges: [...spec.edges.filter((e) => e.from !== 'join'), { from: 'orders', to: 'impute' }] };
    expect(() => planPipeline(early)).toThrow(/node "orders" feeds impute but is combined further: preprocessing starts after the last append or join \(join\)/);
    const lonely = { ...spec, nodes: spec.nodes.map((n) => (n.id === 'join' ? { ...n, kind: 'append', params: {} } : n)), edges: spec.edges.filter((e) => e.from !== 'customers').map(({ from, to }) => ({ from, to })) };
    expect(() => planPipeline({ ...lonely, nodes: lonely.nodes.filter((n) => n.id !== 'customers') })).toThrow(/node "join": append stacks the rows of two or more inputs; it has 1/);
  });

  it('writes and reads the file with its ports, and a single-source file still means the active dataset', () => {
    const spec = joinPipeline();
    expect(parsePipeline(serializePipeline(spec))).toEqual(spec);
    const old = JSON.parse(serializePipeline(defaultPipeline('y', 'classification')));
    expect(old.nodes[0]).toEqual({ id: 'source', kind: 'source', params: {} });
    expect(old.edges.every((e: object) => !('port' in e))).toBe(true);
    expect(parsePipeline(JSON.stringify(old))).toEqual(old);
    const badKeys = { ...spec, nodes: spec.nodes.map((n) => (n.id === 'join' ? { ...n, params: { ...n.params, right_keys: ['a', 'b'] } } : n)) };
    expect(() => parsePipeline(JSON.stringify(badKeys))).toThrow(/node "join": right_keys: name one right column per key \(1\)/);
  });
});

describe('schema flow with several sources', () => {
  const { customersCsv, ordersCsv } = files();
  const data = library({ ord: csv(ordersCsv), cust: csv(customersCsv) });

  it('gives a join its left columns, the right columns for its right keys, and the joined columns below', () => {
    const flow = schemaFlow(joinPipeline(), data);
    expect(flow.join.columns.map((c) => c.name)).toEqual(['order', 'customer', 'amount', 'returned']);
    expect(flow.join.paramColumns?.right_keys.map((c) => c.name)).toEqual(['customer_id', 'segment', 'age']);
    expect(flow.impute.columns.map((c) => c.name)).toEqual(['order', 'customer', 'amount', 'returned', 'segment', 'age']);
    expect(Object.values(flow).flatMap((n) => n.problems)).toEqual([]);
  });

  it('marks a dataset that is not loaded and a key that is not a column', () => {
    const spec = joinPipeline();
    spec.nodes[1].params.dataset = 'gone';
    spec.nodes[2].params.keys = ['client'];
    expect(schemaFlow(spec, data).customers.problems).toEqual(['Dataset "gone" is not loaded']);
    spec.nodes[1].params.dataset = 'cust';
    expect(schemaFlow(spec, data).join.problems).toEqual(['Join key "client" is not a column of the left input (columns: order, customer, amount, returned)']);
  });

  it('notes the columns an append leaves out', () => {
    const spec: PipelineSpec = {
      ...joinPipeline(),
      nodes: [...joinPipeline().nodes.filter((n) => n.id !== 'join'), { id: 'join', kind: 'append', params: { columns: 'common' } }],
      edges: joinPipeline().edges.map(({ from, to }) => ({ from, to })),
    };
    const flow = schemaFlow(spec, data);
    expect(flow.join.notices).toContain('column "order" is not in customers: left out');
    expect(flow.impute.columns).toEqual([]);
  });
});

describe('running a join pipeline', () => {
  it('trains on the joined rows: the same model as on a table joined beforehand', async () => {
    const { customersCsv, ordersCsv, joinedCsv } = files();
    const events: RunEvent[] = [];
    const dataset = { name: 'orders ⋈ customers', sha256: 'c'.repeat(64) };
    const joined = await runFirstModel(joinPipeline(), library({ ord: csv(ordersCsv), cust: csv(customersCsv) }), { dataset, onEvent: (e) => events.push(e) });
    const prejoined = csv(joinedCsv);
    const direct = await runFirstModel(defaultPipeline('returned', 'classification'), prejoined, { dataset });
    expect(prejoined.rowCount).toBeLessThan(300);
    expect(joined.summary.rows).toBe(prejoined.rowCount);
    expect(joined.summary.metrics).toEqual(direct.summary.metrics);
    expect(joined.fitted.inputSchema.map((c) => c.name)).toEqual(['order', 'customer', 'amount', 'segment', 'age']);
    const log = events.find((e): e is { type: 'node'; log: NodeLog } => e.type === 'node' && e.log.id === 'join')?.log;
    expect(log).toMatchObject({ kind: 'join', status: 'ran', rowsIn: 340, rowsOut: prejoined.rowCount, columnsAdded: [], columnsRemoved: ['customer_id'] });
    expect(log?.warnings[0]).toBe(`300 left rows joined with 40 right rows (inner): ${prejoined.rowCount} rows`);
    expect(log?.warnings).toContain(`${300 - prejoined.rowCount} left rows matched no right row: left out`);
    expect(events.some((e) => e.type === 'log' && e.message.startsWith('join: 300 left rows joined'))).toBe(true);
    // The model scores a file with the joined table's columns; source and join nodes play no part in prediction.
    // The model file keeps the data part of the pipeline and reads back as a valid one.
    const { fitted: reread } = await readBundle(await writeBundle(joined.fitted));
    expect(reread.spec.nodes.map((n) => n.id)).toEqual(['orders', 'customers', 'join', 'impute', 'standardize', 'one_hot', 'split', 'model', 'evaluate']);
    const predicted = await predictTable(reread, prejoined);
    const again = await predictTable(direct.fitted, prejoined);
    expect(predicted[0].values).toEqual(again[0].values);
  });

  it('caches the join by its datasets: a changed right dataset runs it again', async () => {
    const { customersCsv, ordersCsv } = files();
    const cache = createRunCache();
    const spec = joinPipeline();
    const tables = { ord: csv(ordersCsv), cust: csv(customersCsv) };
    const statuses = async (data: (id: string | undefined) => SourceData) => {
      const logs: NodeLog[] = [];
      await runPipeline(spec, data, { dataset: { name: 'x', sha256: 'x' }, cache, onEvent: (e) => e.type === 'node' && logs.push(e.log) });
      return logs.filter((l) => l.id === 'join' || l.id === 'model').map((l) => `${l.id}:${l.status}`);
    };
    expect(await statuses(library(tables))).toEqual(['join:ran', 'model:ran']);
    expect(await statuses(library(tables))).toEqual(['join:cached', 'model:cached']);
    const changed = library(tables);
    expect(await statuses((id) => (id === 'cust' ? { ...changed(id), sha256: 'f'.repeat(64) } : changed(id)))).toEqual(['join:ran', 'model:ran']);
    // The same bytes read with other options (say, another missing-value token) run it again too.
    expect(await statuses((id) => (id === 'cust' ? { ...changed(id), readAs: '{"missingTokens":["?"]}' } : changed(id)))).toEqual(['join:ran', 'model:ran']);
  });
});
