/**
 * Degree-2 polynomial features of numeric columns, as scikit-learn's PolynomialFeatures(degree=2,
 * include_bias=False): the originals stay, and each square `a^2` and product `a*b` is added, in
 * scikit-learn's order (a^2, a*b, b^2 for [a, b]). interaction_only keeps just the products.
 */
import { filled } from '../arrays';
import { resolveParams } from '../params';
import type { NumericColumn } from '../table/table';
import { addColumns, columnsParam, pickNumeric, requireNumeric } from './columns';
import type { StepKind } from './step';

interface PolynomialState {
  columns: string[];
  interactionOnly: boolean;
}

const title = 'Polynomial features';

const params = {
  columns: columnsParam('Numeric columns (none chosen: all)'),
  interaction_only: { type: 'boolean', label: 'Products of different columns only (no squares)', default: false },
} as const;

/** Each created column's name and the positions of its two factors in state.columns, in scikit-learn's order. */
function products(state: PolynomialState): [string, [number, number]][] {
  const out: [string, [number, number]][] = [];
  state.columns.forEach((a, i) => {
    for (let j = state.interactionOnly ? i + 1 : i; j < state.columns.length; j++) out.push([i === j ? `${a}^2` : `${a}*${state.columns[j]}`, [i, j]]);
  });
  return out;
}

export const polynomialFeatures: StepKind<PolynomialState> = {
  kind: 'polynomial_features',
  title,
  description: 'Add the square of each chosen numeric column (a^2) and the product of each pair (a*b), so linear models can fit curves and interactions.',
  params,
  fit(train, values, context) {
    const p = resolveParams<{ columns: string[]; interaction_only: boolean }>(params, values);
    return { columns: pickNumeric(train, context, title, p.columns).map((c) => c.name), interactionOnly: p.interaction_only };
  },
  apply(table, state) {
    const inputs = state.columns.map((name) => requireNumeric(table, title, name));
    const created: NumericColumn[] = [];
    for (const [name, [i, j]] of products(state)) {
      const [a, b] = [inputs[i], inputs[j]];
      created.push({ name, kind: 'numeric', values: filled(new Float64Array(a.values.length), (r) => a.values[r] * b.values[r]) });
    }
    return addColumns(table, title, created);
  },
  sources: (state) => Object.fromEntries(products(state).map(([name, [i, j]]) => [name, [...new Set([state.columns[i], state.columns[j]])]])),
};
