/** The Models list's filter and sort, as plain functions of the registry's records. */
import { lowerIsBetter } from '../core/metrics/direction';
import type { ModelRecord } from '../store/models';

export type SortKey = 'newest' | 'oldest' | 'name' | `metric:${string}`;

export function metricOfSort(key: SortKey): string | null {
  return key.startsWith('metric:') ? key.slice('metric:'.length) : null;
}

/** The metrics any of the models reports, in a stable order. */
export function metricKeys(records: readonly ModelRecord[]): string[] {
  const keys = new Set<string>();
  for (const r of records) for (const k of Object.keys(r.info.metrics)) keys.add(k);
  return [...keys].sort();
}

function matches(record: ModelRecord, words: string[]): boolean {
  const haystack = [
    record.name,
    record.notes,
    record.pipeline,
    record.info.target,
    record.info.modelKind,
    record.info.datasetName,
    record.stage === 'production' ? 'production' : '',
    `v${record.version}`,
  ]
    .join('\n')
    .toLowerCase();
  return words.every((w) => haystack.includes(w));
}

/** The records whose text holds every word of the filter, in the chosen order. */
export function filterAndSort(records: readonly ModelRecord[], filter: string, sort: SortKey): ModelRecord[] {
  const words = filter.toLowerCase().split(/\s+/).filter(Boolean);
  const shown = words.length ? records.filter((r) => matches(r, words)) : [...records];
  const metric = metricOfSort(sort);
  const byNewest = (a: ModelRecord, b: ModelRecord) => b.savedAt.localeCompare(a.savedAt) || b.version - a.version;
  if (metric) {
    const sign = lowerIsBetter(metric) ? 1 : -1;
    return shown.sort((a, b) => {
      const x = a.info.metrics[metric];
      const y = b.info.metrics[metric];
      const hasX = Number.isFinite(x);
      const hasY = Number.isFinite(y);
      // Models without the metric go last.
      if (hasX !== hasY) return hasX ? -1 : 1;
      return (hasX && x !== y ? sign * (x - y) : 0) || byNewest(a, b);
    });
  }
  if (sort === 'oldest') return shown.sort((a, b) => -byNewest(a, b));
  if (sort === 'name') return shown.sort((a, b) => a.name.localeCompare(b.name) || a.version - b.version);
  return shown.sort(byNewest);
}
