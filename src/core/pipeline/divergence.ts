/**
 * When a network's loss blows up (TrainingDiverged, models/network/train.ts), the training loop can
 * only give generic advice. Here, where the preprocessed features and the fitted steps are known,
 * the run's error names what in the data likely caused it:
 *  - a one-hot encoding that made many features out of one column: most of them rare categories,
 *    which standardising turns into values in the dozens (a category seen once in 1,600 rows
 *    stands at 40);
 *  - a feature no scaler touched whose values reach the thousands or more;
 *  - a scaled feature that still reaches tens of standard deviations (extreme outliers).
 */
import type { TrainingSet } from '../models/data';
import { oneHotName } from '../steps/one-hot';
import type { FittedStep } from './fitted';

/** A one-hot encoded column giving at least this many features is named as a cause. */
export const WIDE_ONE_HOT = 50;
/** An unscaled feature reaching this (in absolute value) is named as a cause. */
export const UNSCALED_LIMIT = 1000;
/** A scaled feature reaching this many units (standard deviations, for Standardize) is named as a cause. */
export const EXTREME_SCALED = 30;
/** Features named per cause. */
const NAMED = 2;
const SCALERS = ['standardize', 'minmax_scale', 'robust_scale'];

const count = (n: number) => n.toLocaleString('en');

/** 3.2e6 for large magnitudes, 1,234 or 41.7 otherwise. */
export function magnitude(v: number): string {
  if (Math.abs(v) >= 1e5) return v.toExponential(1).replace('e+', 'e');
  return v.toLocaleString('en', { maximumFractionDigits: Math.abs(v) >= 100 ? 0 : 1 });
}

function maxAbs(values: Float64Array): number {
  let max = 0;
  for (const v of values) if (Math.abs(v) > max) max = Math.abs(v);
  return max;
}

function list(items: readonly string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

interface OneHotState {
  columns: Record<string, string[]>;
  other?: Record<string, string[]>;
}

interface Cause {
  said: string;
  advice: string;
}

/** The likely causes, most telling first; empty when the data shows none. */
export function divergenceCauses(data: Pick<TrainingSet, 'features' | 'columns'>, steps: readonly FittedStep[]): Cause[] {
  const index = new Map(data.features.map((f, i) => [f.name, i]));
  const peak = data.columns.map(maxAbs);
  const peakOf = (name: string) => peak[index.get(name) as number];
  const causes: Cause[] = [];

  const wide = steps
    .filter((s) => s.kind === 'one_hot')
    .flatMap((s) => {
      const { columns, other } = s.state as OneHotState;
      return Object.entries(columns).map(([column, kept]) => {
        const grouped = other?.[column] ?? [];
        const outputs = [...kept, ...(grouped.length ? ['other'] : [])].map((c) => oneHotName(column, c)).filter((name) => index.has(name));
        return { column, categories: kept.length + grouped.length, outputs };
      });
    })
    .filter((w) => w.outputs.length >= WIDE_ONE_HOT)
    .sort((a, b) => b.outputs.length - a.outputs.length);
  const fromOneHot = new Set(wide.flatMap((w) => w.outputs));
  if (wide.length) {
    const top = Math.max(...[...fromOneHot].map(peakOf));
    const rare = top >= EXTREME_SCALED ? `, most of them rare categories that scaling turns into values up to ${magnitude(top)}` : '';
    causes.push({
      said: `${count(fromOneHot.size)} features from one-hot encoding ${list(wide.map((w) => `'${w.column}' (${count(w.categories)} categories)`))}${rare}`,
      advice: `give ${wide.length === 1 ? 'that column' : 'those columns'} the role "Category, many values" (target encoding), or set the one-hot step's max categories`,
    });
  }

  const scaled = new Set(steps.filter((s) => SCALERS.includes(s.kind)).flatMap((s) => Object.keys((s.state as { columns: Record<string, unknown> }).columns)));
  const byPeak = data.features.map((f) => f.name).filter((name) => !fromOneHot.has(name)).sort((a, b) => peakOf(b) - peakOf(a));
  const unscaled = byPeak.filter((name) => !scaled.has(name) && peakOf(name) >= UNSCALED_LIMIT).slice(0, NAMED);
  if (unscaled.length) {
    causes.push({
      said: unscaled.map((name) => `feature '${name}' is not scaled (values up to ${magnitude(peakOf(name))})`).join('; '),
      advice: `add a Standardize step for ${unscaled.length === 1 ? 'it' : 'them'}`,
    });
  }
  const extreme = byPeak.filter((name) => scaled.has(name) && peakOf(name) >= EXTREME_SCALED).slice(0, NAMED);
  if (extreme.length) {
    causes.push({
      said: extreme.map((name) => `feature '${name}' still reaches ${magnitude(peakOf(name))} after scaling (extreme outliers)`).join('; '),
      advice: 'clip the outliers (Clip to quantiles) or log-transform the feature',
    });
  }
  return causes;
}

/**
 * `error` with its advice replaced by what the data shows, when it is a divergence and the data
 * shows something; otherwise `error` itself.
 */
export function explainDivergence(error: unknown, data: Pick<TrainingSet, 'features' | 'columns'>, steps: readonly FittedStep[]): unknown {
  if (!(error instanceof Error) || error.name !== 'TrainingDiverged') return error;
  const happened = (error as Error & { happened?: string }).happened;
  const causes = divergenceCauses(data, steps);
  if (!happened || causes.length === 0) return error;
  const explained = new Error(`${happened}. Likely cause in the data: ${causes.map((c) => c.said).join('; ')}. Try: ${causes.map((c) => c.advice).join('; ')}; or a lower learning rate.`, { cause: error });
  explained.name = error.name;
  return explained;
}
