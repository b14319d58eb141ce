/** Centre and scale numeric columns with the training mean and (population) standard deviation. */
import type { Column } from '../table/table';
import { withColumns } from '../table/table';
import { featureColumns, type StepKind } from './step';

interface StandardizeState {
  columns: Record<string, { mean: number; std: number }>;
}

export const standardize: StepKind<StandardizeState> = {
  kind: 'standardize',
  title: 'Standardise',
  description: 'Subtract the training mean and divide by the training standard deviation (scikit-learn StandardScaler).',
  params: {},
  fit(train, _params, context) {
    const columns: StandardizeState['columns'] = {};
    for (const c of featureColumns(train, context)) {
      if (c.kind !== 'numeric') continue;
      let sum = 0;
      let n = 0;
      for (const v of c.values) {
        if (Number.isNaN(v)) continue;
        sum += v;
        n++;
      }
      const mean = n ? sum / n : 0;
      let squares = 0;
      for (const v of c.values) if (!Number.isNaN(v)) squares += (v - mean) ** 2;
      const std = n ? Math.sqrt(squares / n) : 0;
      // A constant column would divide by zero; scikit-learn leaves it unscaled the same way.
      columns[c.name] = { mean, std: std > 0 ? std : 1 };
    }
    return { columns };
  },
  apply(table, state) {
    const scaled: Column[] = [];
    for (const c of table.columns) {
      const s = state.columns[c.name];
      if (!s || c.kind !== 'numeric') continue;
      scaled.push({ ...c, values: c.values.map((v) => (v - s.mean) / s.std) });
    }
    return withColumns(table, scaled);
  },
};
