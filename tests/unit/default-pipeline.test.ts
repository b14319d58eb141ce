/** The default pipeline: built from the columns' roles and what the model kind reads as it is. */
import { describe, expect, it } from 'vitest';
import { modelKinds } from '../../src/core/models/kinds';
import { defaultPipeline } from '../../src/core/pipeline/default';
import type { PipelineNode } from '../../src/core/pipeline/spec';
import type { ColumnRole } from '../../src/core/roles/roles';

const steps = (nodes: PipelineNode[]) => nodes.filter((n) => !['source', 'split', 'evaluate', 'model'].includes(n.id));
/** The kinds that read only numbers without gaps, and those that read categories and gaps at any scale. */
const NUMERIC_KINDS = ['logistic_regression', 'linear_regression', 'mlp', 'gaussian_nb', 'knn', 'voting'];
const NATIVE_KINDS = ['hist_gradient_boosting', 'random_forest', 'decision_tree'];

const roles: ColumnRole[] = [
  { name: 'id', kind: 'numeric', role: 'identifier', reason: '' },
  { name: 'same', kind: 'categorical', role: 'constant', reason: '' },
  { name: 'review', kind: 'text', role: 'ignore', reason: '' },
  { name: 'when', kind: 'date', role: 'date', reason: '' },
  { name: 'released', kind: 'text', role: 'date', dateFormat: 'mon_d_y', reason: '' },
  { name: 'day', kind: 'numeric', role: 'date', dateFormat: 'ymd_compact', reason: '' },
  { name: 'tags', kind: 'text', role: 'text', reason: '' },
  { name: 'name', kind: 'categorical', role: 'high_cardinality', reason: '' },
  { name: 'code', kind: 'text', role: 'high_cardinality', reason: '' },
  { name: 'colour', kind: 'categorical', role: 'category', reason: '' },
  { name: 'size', kind: 'numeric', role: 'category', reason: '' },
  { name: 'score', kind: 'categorical', role: 'numeric', reason: '' },
  { name: 'member', kind: 'boolean', role: 'category', reason: '' },
  { name: 'notes', kind: 'numeric', role: 'text', reason: '' },
  { name: 'income', kind: 'numeric', role: 'numeric', reason: '' },
  { name: 'label', kind: 'categorical', role: 'category', reason: '' },
];

/** What every kind gets: columns left out, kinds cast to what the role needs, dates and text made numbers. */
const common: PipelineNode[] = [
  { id: 'drop_columns', kind: 'drop_columns', params: { columns: ['id', 'same', 'review'] } },
  { id: 'cast_1', kind: 'cast_kind', params: { column: 'code', to: 'categorical', invalid: 'missing' } },
  { id: 'cast_2', kind: 'cast_kind', params: { column: 'size', to: 'categorical', invalid: 'missing' } },
  { id: 'cast_3', kind: 'cast_kind', params: { column: 'score', to: 'numeric', invalid: 'missing' } },
  { id: 'cast_4', kind: 'cast_kind', params: { column: 'notes', to: 'text', invalid: 'missing' } },
  { id: 'date_parts', kind: 'date_parts', params: { columns: ['when'], format: 'auto' } },
  { id: 'date_parts_2', kind: 'date_parts', params: { columns: ['released'], format: 'mon_d_y' } },
  { id: 'date_parts_3', kind: 'date_parts', params: { columns: ['day'], format: 'ymd_compact' } },
  { id: 'text_vectorize', kind: 'text_vectorize', params: { columns: ['tags', 'notes'], weighting: 'tfidf', max_features: 100 } },
];

describe('defaultPipeline from roles', () => {
  it('covers every model kind in one of the two families', () => {
    expect(modelKinds.map((k) => k.kind).sort()).toEqual([...NUMERIC_KINDS, ...NATIVE_KINDS].sort());
  });

  it.each(NUMERIC_KINDS)('%s: also imputes, target-encodes many-valued categories, one-hot encodes the rest and standardises', (kind) => {
    const task = modelKinds.find((k) => k.kind === kind)?.tasks[0] ?? 'classification';
    const spec = defaultPipeline('label', task, kind, { roles });
    expect(steps(spec.nodes)).toEqual([
      ...common,
      { id: 'impute', kind: 'impute', params: { numeric: 'median' } },
      { id: 'target_encode', kind: 'target_encode', params: { columns: ['name', 'code'] } },
      // Standardised before the one-hot, so that only numbers are scaled, not the 0/1 columns.
      { id: 'standardize', kind: 'standardize', params: {} },
      // By then the categories left are those with few values: colour, size (cast) and member.
      { id: 'one_hot', kind: 'one_hot', params: {} },
    ]);
    // A straight line, source to evaluate.
    expect(spec.edges).toEqual(spec.nodes.slice(1).map((n, i) => ({ from: spec.nodes[i].id, to: n.id })));
  });

  it.each(NATIVE_KINDS)('%s: reads categories, gaps and scales as they are', (kind) => {
    expect(steps(defaultPipeline('label', 'regression', kind, { roles }).nodes)).toEqual(common);
  });

  it('leaves out the steps that have no column to work on, but one-hot encodes whatever categories reach it', () => {
    const plain: ColumnRole[] = [{ name: 'x', kind: 'numeric', role: 'numeric', reason: '' }];
    expect(steps(defaultPipeline('y', 'regression', 'linear_regression', { roles: plain }).nodes).map((n) => n.id)).toEqual(['impute', 'standardize', 'one_hot']);
    expect(steps(defaultPipeline('y', 'regression', 'random_forest', { roles: plain }).nodes)).toEqual([]);
  });

  it('uses every column by its kind when the roles would leave them all out', () => {
    const nothing: ColumnRole[] = [
      { name: 'id', kind: 'numeric', role: 'identifier', reason: '' },
      { name: 'code', kind: 'categorical', role: 'ignore', reason: '' },
    ];
    expect(steps(defaultPipeline('y', 'regression', 'linear_regression', { roles: nothing }).nodes).map((n) => n.id)).toEqual(['impute', 'standardize', 'one_hot']);
  });

  it('without roles, uses every column by its kind, as before', () => {
    expect(steps(defaultPipeline('y', 'classification').nodes)).toEqual([
      { id: 'impute', kind: 'impute', params: { numeric: 'median' } },
      { id: 'standardize', kind: 'standardize', params: {} },
      { id: 'one_hot', kind: 'one_hot', params: {} },
    ]);
    expect(steps(defaultPipeline('y', 'classification', 'random_forest').nodes)).toEqual([]);
  });
});
