/** The Runs table as plain functions: a run record from a summary, the key parameters, sorting. */
import { lowerIsBetter } from '../core/metrics/direction';
import { backendLabel } from './backend-labels';
import type { PipelineSpec } from '../core/pipeline/spec';
import type { RunSummary } from '../core/pipeline/events';
import type { NewRun, RunRecord } from '../store/runs';
import type { LossPoint } from './training.svelte';

/** Parameters worth a column of their own, in this order, when a run has them. */
const KEY_PARAMS = ['learning_rate', 'epochs', 'batch_size', 'layers', 'units', 'C', 'alpha', 'penalty', 'l1_ratio', 'max_iter', 'n_estimators', 'max_leaf_nodes', 'max_depth', 'k', 'optimizer', 'class_weight'];

/** How a parameter's value reads: lists joined, and a batch size of 0 as what it means (auto). */
function paramText(key: string, value: RunRecord['params'][string]): string {
  if (key === 'batch_size' && value === 0) return 'auto';
  return Array.isArray(value) ? value.join(',') : String(value);
}

/** A short "learning_rate 0.01 · epochs 100" of a run's most telling parameters. */
export function keyParams(params: RunRecord['params']): string {
  return KEY_PARAMS.filter((k) => params[k] !== undefined && params[k] !== '')
    .map((k) => `${k} ${paramText(k, params[k])}`)
    .join(' · ');
}

/** The seed a spec's split uses (42 when not set), as the run records it. */
export function specSeed(spec: PipelineSpec): number {
  const split = spec.nodes.find((n) => n.kind === 'split');
  const seed = Number(split?.params.seed ?? 42);
  return Number.isFinite(seed) ? seed : 42;
}

/** What to store for one model node of a finished run. */
export function runRecordOf(
  spec: PipelineSpec,
  pipelineVersion: number,
  summary: RunSummary,
  losses: readonly LossPoint[],
  dataset: { name: string; hash?: string },
): NewRun {
  const node = spec.nodes.find((n) => n.id === summary.node);
  return {
    pipelineName: spec.name,
    pipelineVersion,
    node: summary.node,
    modelKind: summary.modelKind,
    task: summary.task,
    params: { ...(node?.params ?? {}) },
    backend: summary.backend,
    seed: specSeed(spec),
    datasetName: dataset.name,
    datasetHash: dataset.hash ?? '',
    duration: summary.seconds,
    metrics: { ...summary.metrics },
    gatePassed: summary.gate.passed,
    losses: losses.map((p) => (p.valLoss === undefined ? { epoch: p.epoch, loss: p.loss } : { epoch: p.epoch, loss: p.loss, valLoss: p.valLoss })),
  };
}

export type RunSortKey = 'created' | 'version' | 'model' | 'params' | 'backend' | 'seed' | 'duration' | `metric:${string}`;
export type SortDirection = 'asc' | 'desc';

/** Every metric any of the runs reports, in a stable order. */
export function runMetricKeys(runs: readonly RunRecord[]): string[] {
  const keys = new Set<string>();
  for (const r of runs) for (const k of Object.keys(r.metrics)) keys.add(k);
  return [...keys].sort();
}

function sortValue(run: RunRecord, key: RunSortKey): string | number {
  switch (key) {
    case 'created':
      return run.createdAt;
    case 'version':
      return run.pipelineVersion;
    case 'model':
      return `${run.modelKind} ${run.node}`;
    case 'params':
      return keyParams(run.params);
    case 'backend':
      return backendLabel(run.backend);
    case 'seed':
      return run.seed;
    case 'duration':
      return run.duration;
    default:
      return run.metrics[key.slice('metric:'.length)] ?? Number.NaN;
  }
}

/** The runs sorted by a column; runs without the value (a metric they lack) go last either way. */
export function sortRuns(runs: readonly RunRecord[], key: RunSortKey, direction: SortDirection): RunRecord[] {
  const sign = direction === 'asc' ? 1 : -1;
  return [...runs].sort((a, b) => {
    const x = sortValue(a, key);
    const y = sortValue(b, key);
    const xMissing = typeof x === 'number' && Number.isNaN(x);
    const yMissing = typeof y === 'number' && Number.isNaN(y);
    if (xMissing || yMissing) return xMissing === yMissing ? 0 : xMissing ? 1 : -1;
    const order = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
    return order * sign || b.createdAt.localeCompare(a.createdAt);
  });
}

/** The direction a column sorts in when first clicked: best first for metrics, newest/longest first otherwise. */
export function firstDirection(key: RunSortKey): SortDirection {
  if (key.startsWith('metric:')) return lowerIsBetter(key.slice('metric:'.length)) ? 'asc' : 'desc';
  return key === 'model' || key === 'params' || key === 'backend' ? 'asc' : 'desc';
}

/**
 * The loss curve of the newest earlier run of the same pipeline version, model node, parameters and
 * dataset (what a model taken from the cache was trained with), or none.
 */
export function earlierCurve(runs: readonly RunRecord[], run: NewRun): RunRecord['losses'] {
  const same = runs
    .filter(
      (r) =>
        r.losses.length > 0 &&
        r.pipelineName === run.pipelineName &&
        r.pipelineVersion === run.pipelineVersion &&
        r.node === run.node &&
        r.datasetName === run.datasetName &&
        r.seed === run.seed &&
        JSON.stringify(r.params) === JSON.stringify(run.params),
    )
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  return same[0]?.losses.map((p) => ({ ...p })) ?? [];
}
