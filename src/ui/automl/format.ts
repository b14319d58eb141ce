/** How the AutoML panel writes a candidate, a score and the best score over time. */
import { titleOfKind } from '../../app/node-catalogue';
import { SEARCH_METRICS, type SearchMetric } from '../../core/automl/settings';
import type { BestPoint, TrialEntry } from '../../core/automl/types';
import type { ParamValue } from '../../core/values';
import { formatMetric } from '../results/metrics';

/** A candidate's parameters as a person reads them; a soft vote names its members. */
export function paramsText(kind: string, params: Record<string, ParamValue>): string {
  if (kind === 'voting') {
    const members = JSON.parse(String(params.members)) as { kind: string; params: Record<string, ParamValue> }[];
    return `mean of ${members.map((m) => titleOfKind(m.kind)).join(', ')}`;
  }
  const entries = Object.entries(params);
  return entries.length === 0 ? 'defaults' : entries.map(([k, v]) => `${k} ${typeof v === 'number' ? Number(v.toPrecision(3)) : String(v)}`).join(', ');
}

export function metricTitle(metric: SearchMetric): string {
  return SEARCH_METRICS[metric].title;
}

export function scoreText(entry: TrialEntry): string {
  // The deviation to the score's own precision: ± 0.000 rather than ± 5.6e-5.
  return entry.score === undefined ? '—' : `${formatMetric(entry.score)} ± ${(entry.std ?? 0).toFixed(3)}`;
}

/** The best score as steps: it holds until the next improvement, and until `until` seconds after the last. */
export function bestSteps(history: readonly BestPoint[], until: number): { x: number[]; y: number[] } {
  const x: number[] = [];
  const y: number[] = [];
  history.forEach((point, i) => {
    if (i > 0) {
      x.push(point.seconds);
      y.push(history[i - 1].score);
    }
    x.push(point.seconds);
    y.push(point.score);
  });
  const last = history.at(-1);
  if (last && until > last.seconds) {
    x.push(until);
    y.push(last.score);
  }
  return { x, y };
}
