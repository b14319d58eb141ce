/**
 * Replace each category by the mean target of its training rows, shrunk towards the overall mean
 * when the category is rare or noisy: scikit-learn's TargetEncoder. Regression encodes the mean
 * target, binary classification the share of the positive class (the second in sorted order), and
 * multiclass one column per class (`<column>_<class>`). Missing cells and unseen categories get the
 * overall training mean.
 *
 * The training rows themselves are encoded out-of-fold (fitTransform): each row by an encoder fitted
 * on the other folds, so that a row's own target never leaks into its feature, exactly as
 * TargetEncoder.fit_transform does. New rows use the encoder fitted on all training rows.
 */
import { filled } from '../arrays';
import { resolveParams } from '../params';
import { encodeClasses, labelledRows, numericTarget } from '../pipeline/features';
import type { ParamValue } from '../values';
import { inferTask } from '../table/profile';
import type { CategoricalColumn, NumericColumn, Table } from '../table/table';
import { findColumn } from '../table/table';
import { addColumns, columnsParam, pickCategorical, requireCategorical } from './columns';
import { assignFolds } from './folds';
import { mean, presentValues } from './stats';
import { stepError, type StepContext, type StepKind } from './step';

type Target = 'regression' | 'binary' | 'multiclass';

interface TargetEncodeState {
  target: Target;
  /** The class labels in sorted order (classification). */
  classes?: string[];
  /** The training mean of each output. */
  prior: number[];
  /** Per column and category, one encoding per output. */
  columns: Record<string, Record<string, number[]>>;
}

interface TargetEncodeParams {
  columns: string[];
  smoothing: 'auto' | 'm_estimate';
  m: number;
  folds: number;
  seed: number;
}

const title = 'Target encode';

const params = {
  columns: columnsParam('Columns (none chosen: all categorical and boolean)'),
  smoothing: { type: 'enum', label: 'Smoothing', default: 'auto', options: ['auto', 'm_estimate'] },
  m: { type: 'number', label: 'Prior weight m (m_estimate)', default: 10, min: 0 },
  folds: { type: 'number', label: 'Folds for the training rows', default: 5, min: 2, max: 20, integer: true },
  seed: { type: 'number', label: 'Seed', default: 42, min: 0, integer: true },
} as const;

/** The target as one or more 0/1 or numeric outputs per row, NaN where the target is missing. */
interface Outputs {
  target: Target;
  classes?: string[];
  ys: Float64Array[];
  /** Each row's class index (−1 where missing), for stratified folds. */
  classOf?: Int32Array;
}

function targetOutputs(train: Table, context: StepContext): Outputs {
  const column = findColumn(train, context.target);
  if (!column) throw stepError(title, `the target column "${context.target}" is not in the data`);
  const rows = labelledRows(column, train.rowCount);
  if ((context.task ?? inferTask(column)) === 'regression') {
    const y = new Float64Array(train.rowCount).fill(NaN);
    numericTarget(column, rows).forEach((v, i) => (y[rows[i]] = v));
    return { target: 'regression', ys: [y] };
  }
  const { classes, y } = encodeClasses(column, rows);
  const classOf = new Int32Array(train.rowCount).fill(-1);
  rows.forEach((row, i) => (classOf[row] = y[i]));
  // Binary: one output, the positive (second) class; with one class in training it is never seen.
  const outputs = classes.length > 2 ? classes.map((_, k) => k) : [1];
  const ys = outputs.map((k) => filled(new Float64Array(classOf.length), (r) => (classOf[r] < 0 ? NaN : classOf[r] === k ? 1 : 0)));
  return { target: classes.length > 2 ? 'multiclass' : 'binary', classes, ys, classOf };
}

/** Per code: rows, mean target and squared deviations from that mean; and the same over all rows. */
interface Moments {
  count: Float64Array;
  mean: Float64Array;
  squares: Float64Array;
  prior: number;
  variance: number;
}

/** Two passes over the labelled rows that `use` admits (a fold's complement, or all). */
function moments(codes: Int32Array, categoryCount: number, y: Float64Array, use: (row: number) => boolean): Moments {
  const count = new Float64Array(categoryCount);
  const mean = new Float64Array(categoryCount);
  let n = 0;
  let total = 0;
  const admitted = (row: number) => !Number.isNaN(y[row]) && use(row);
  for (let row = 0; row < y.length; row++) {
    if (!admitted(row)) continue;
    n++;
    total += y[row];
    if (codes[row] >= 0) {
      count[codes[row]]++;
      mean[codes[row]] += y[row];
    }
  }
  mean.forEach((sum, code) => (mean[code] = sum / count[code]));
  // No labelled row at all (a fold of a one-row table): nothing to learn, encode as 0.
  const prior = n ? total / n : 0;
  const squares = new Float64Array(categoryCount);
  let variance = 0;
  for (let row = 0; row < y.length; row++) {
    if (!admitted(row)) continue;
    variance += (y[row] - prior) ** 2;
    if (codes[row] >= 0) squares[codes[row]] += (y[row] - mean[codes[row]]) ** 2;
  }
  return { count, mean, squares, prior, variance: n ? variance / n : 0 };
}

/**
 * Each code's encoding: its mean pulled towards the prior with weight λ. 'auto' is scikit-learn's
 * λ = n·τ² / (n·τ² + σ²), τ² the target's variance and σ² the category's; 'm_estimate' is
 * λ = n / (n + m). 0/0 (no rows, or no variance at all) leaves the prior.
 */
function encodings(m: Moments, p: TargetEncodeParams): Float64Array {
  return m.mean.map((mean, code) => {
    const n = m.count[code];
    const lambda = p.smoothing === 'auto' ? (m.variance * n) / (m.variance * n + m.squares[code] / n) : n / (n + p.m);
    return n > 0 && Number.isFinite(lambda) ? lambda * mean + (1 - lambda) * m.prior : m.prior;
  });
}

interface Encoder {
  prior: number[];
  /** [code][output] */
  byCode: number[][];
  /** Labelled rows per code. */
  count: Float64Array;
}

function fitEncoder(column: CategoricalColumn, ys: readonly Float64Array[], p: TargetEncodeParams, use: (row: number) => boolean = () => true): Encoder {
  const perOutput = ys.map((y) => moments(column.codes, column.categories.length, y, use));
  const encoded = perOutput.map((m) => encodings(m, p));
  return {
    prior: perOutput.map((m) => m.prior),
    byCode: column.categories.map((_, code) => encoded.map((e) => e[code])),
    count: perOutput[0].count,
  };
}

function outputNames(name: string, state: Pick<TargetEncodeState, 'target' | 'classes'>): string[] {
  return state.target === 'multiclass' ? (state.classes as string[]).map((c) => `${name}_${c}`) : [name];
}

/** Each encoded column replaced by its output columns, with `encodingOf(column, row)` per row. */
function encodeTable(
  table: Table,
  state: TargetEncodeState,
  encodingOf: (name: string, column: CategoricalColumn) => (row: number) => readonly number[],
): Table {
  const names = Object.keys(state.columns);
  const created = names.flatMap((name) => {
    const column = requireCategorical(table, title, name);
    const encoding = encodingOf(name, column);
    return outputNames(name, state).map((output, o): NumericColumn => ({ name: output, kind: 'numeric', values: filled(new Float64Array(table.rowCount), (row) => encoding(row)[o]) }));
  });
  return addColumns(table, title, created, names);
}

function prepare(train: Table, values: Record<string, ParamValue>, context: StepContext) {
  const p = resolveParams<TargetEncodeParams>(params, values);
  return { p, outputs: targetOutputs(train, context), columns: pickCategorical(train, context, title, p.columns) };
}

/** The encoder fitted on all training rows, for every later row. */
function stateOf({ p, outputs, columns }: ReturnType<typeof prepare>): TargetEncodeState {
  const byColumn = columns.map((c) => {
    const { byCode, count } = fitEncoder(c, outputs.ys, p);
    return [c.name, Object.fromEntries(c.categories.flatMap((category, code) => (count[code] > 0 ? [[category, byCode[code]]] : [])))];
  });
  const prior = outputs.ys.map((y) => {
    const present = presentValues(y);
    return present.length ? mean(present) : 0;
  });
  const state: TargetEncodeState = { target: outputs.target, prior, columns: Object.fromEntries(byColumn) };
  if (outputs.classes) state.classes = outputs.classes;
  return state;
}

export const targetEncode: StepKind<TargetEncodeState> = {
  kind: 'target_encode',
  title,
  description:
    'Each category becomes the mean target of its training rows (per class for several classes), shrunk towards the overall mean for rare categories. Training rows are encoded out-of-fold so their own target never leaks in.',
  params,
  fit(train, values, context) {
    return stateOf(prepare(train, values, context));
  },
  fitTransform(train, values, context) {
    const prepared = prepare(train, values, context);
    const { p, outputs } = prepared;
    const state = stateOf(prepared);
    const fold = assignFolds(train.rowCount, p.folds, p.seed, outputs.classOf);
    const table = encodeTable(train, state, (_name, column) => {
      const byFold = Array.from({ length: p.folds }, (_, f) => fitEncoder(column, outputs.ys, p, (row) => fold[row] !== f));
      return (row) => {
        const encoder = byFold[fold[row]];
        const code = column.codes[row];
        return code < 0 ? encoder.prior : encoder.byCode[code];
      };
    });
    return { state, table };
  },
  sources: (state) => Object.fromEntries(Object.keys(state.columns).flatMap((name) => outputNames(name, state).map((output) => [output, [name]]))),
  apply(table, state) {
    return encodeTable(table, state, (name, column) => {
      const byCategory = new Map(Object.entries(state.columns[name]));
      const byCode = column.categories.map((category) => byCategory.get(category) ?? state.prior);
      return (row) => (column.codes[row] < 0 ? state.prior : byCode[column.codes[row]]);
    });
  },
};
