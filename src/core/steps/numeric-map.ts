/**
 * The shape most numeric steps share (scalers, transforms, clipping, binning): per chosen column,
 * a statistic fitted on the training rows' present values, then a value-by-value map applied in
 * place. Missing cells stay missing. A column without any present training value gets no
 * statistic (there is nothing to learn from) and passes through unchanged.
 */
import { filled } from '../arrays';
import { resolveParams, type ParamsSchema } from '../params';
import type { Column } from '../table/table';
import { withColumns } from '../table/table';
import { columnsParam, pickNumeric, requireNumeric } from './columns';
import { presentValues } from './stats';
import { rowFitting, type StepKind } from './step';

export interface NumericMapState<S> {
  columns: Record<string, S>;
}

interface NumericMapDefinition<S, P> {
  kind: string;
  title: string;
  description: string;
  /** Parameters besides `columns`. */
  params: ParamsSchema;
  /** The statistic, from the column's present training values (unsorted, never empty). */
  fitColumn(present: Float64Array, params: P, column: string): S;
  /** The map for one column; it may throw on a value it cannot take. */
  map(stat: S, column: string): (value: number) => number;
}

export function numericMapStep<S, P = unknown>(definition: NumericMapDefinition<S, P>): StepKind<NumericMapState<S>> {
  const { kind, title, description, fitColumn, map } = definition;
  const params: ParamsSchema = { columns: columnsParam('Numeric columns (none chosen: all)'), ...definition.params };
  return {
    kind,
    title,
    description,
    params,
    ...rowFitting((table, rows, values, context) => {
      const p = resolveParams<P & { columns: string[] }>(params, values);
      const fitted: [string, S][] = [];
      // One column's training values at a time.
      for (const c of pickNumeric(table, context, title, p.columns)) {
        const present = presentValues(c.values, rows);
        if (present.length > 0) fitted.push([c.name, fitColumn(present, p, c.name)]);
      }
      return { columns: Object.fromEntries(fitted) };
    }),
    apply(table, state) {
      const mapped: Column[] = Object.entries(state.columns).map(([name, stat]) => {
        const column = requireNumeric(table, title, name);
        const f = map(stat, name);
        return { ...column, values: filled(new Float64Array(column.values.length), (r) => (Number.isNaN(column.values[r]) ? NaN : f(column.values[r]))) };
      });
      return withColumns(table, mapped);
    },
  };
}
