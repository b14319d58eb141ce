/**
 * One-hot encode categorical and boolean columns with the categories seen in training.
 * A category unseen in training (or a missing cell) encodes as all zeros, like scikit-learn's
 * OneHotEncoder(handle_unknown='ignore').
 */
import type { Column, NumericColumn } from '../table/table';
import { withColumns } from '../table/table';
import { featureColumns, type StepKind } from './step';

interface OneHotState {
  columns: Record<string, string[]>;
}

export function oneHotName(column: string, category: string): string {
  return `${column}=${category}`;
}

export const oneHot: StepKind<OneHotState> = {
  kind: 'one_hot',
  title: 'One-hot encode',
  description: 'One 0/1 column per training category; unseen categories become all zeros.',
  params: {},
  fit(train, _params, context) {
    const columns: Record<string, string[]> = {};
    for (const c of featureColumns(train, context)) {
      if (c.kind !== 'categorical' && c.kind !== 'boolean') continue;
      const seen = new Set<number>();
      for (const code of c.codes) if (code >= 0) seen.add(code);
      columns[c.name] = [...seen].map((code) => c.categories[code]).sort();
    }
    return { columns };
  },
  apply(table, state) {
    const added: NumericColumn[] = [];
    const removed: string[] = [];
    for (const c of table.columns) {
      const categories = state.columns[c.name];
      if (!categories || (c.kind !== 'categorical' && c.kind !== 'boolean')) continue;
      removed.push(c.name);
      const outputs = categories.map(() => new Float64Array(table.rowCount));
      const slotOfCode = c.categories.map((category) => categories.indexOf(category));
      c.codes.forEach((code, row) => {
        const slot = code >= 0 ? slotOfCode[code] : -1;
        if (slot >= 0) outputs[slot][row] = 1;
      });
      categories.forEach((category, i) =>
        added.push({ name: oneHotName(c.name, category), kind: 'numeric', values: outputs[i] }),
      );
    }
    return withColumns(table, added as Column[], removed);
  },
};
