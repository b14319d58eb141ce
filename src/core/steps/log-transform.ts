/** log(1 + x) of numeric columns: compresses long right tails (counts, prices, durations). */
import { numericMapStep } from './numeric-map';
import { minMax } from './stats';
import { stepError } from './step';

const title = 'Log transform';

function refuseNegative(column: string, value: number): never {
  throw stepError(title, `column "${column}" holds ${value}, and log(1 + x) is only taken of values ≥ 0; shift or clip the column first`);
}

/** Nothing is learned; the fitted state records which columns are transformed. */
export const logTransform = numericMapStep<true>({
  kind: 'log_transform',
  title,
  description: 'Replace each value x by log(1 + x) (numpy log1p). Negative values are refused.',
  params: {},
  fitColumn(present, _params, column) {
    const { min } = minMax(present);
    if (min < 0) refuseNegative(column, min);
    return true;
  },
  map: (_fitted, column) => (v) => (v < 0 ? refuseNegative(column, v) : Math.log1p(v)),
});
