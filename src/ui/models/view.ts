/** What the Models list shows of a model: its lineage as four labelled steps, and comparison rows. */
import type { BundleDetails } from '../../app/bundle-details';
import type { ModelRecord } from '../../store/models';
import { humanize } from '../editor/spec-view';
import { metricRows } from '../results/metrics';
import { backendLabel } from '../../app/backend-labels';

/** Titles of the model kinds, used until the engine has listed its own (it starts only when needed). */
const KNOWN_TITLES: Record<string, string> = {
  logistic_regression: 'Logistic regression',
  linear_regression: 'Linear regression (ridge)',
  mlp: 'Neural network (MLP)',
};

/** A model kind's title: the engine's when it has listed them, else a known one, else the kind in words. */
export function kindTitle(kind: string, kinds: readonly { kind: string; title: string }[] = []): string {
  return kinds.find((k) => k.kind === kind)?.title ?? KNOWN_TITLES[kind] ?? humanize(kind);
}

export interface LineageStep {
  kind: 'Dataset' | 'Pipeline' | 'Run' | 'Model';
  title: string;
  detail: string;
}

function when(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'short' });
}

/** dataset → pipeline version → run → model, each with a title and one line of detail. */
export function lineageSteps(record: ModelRecord, details: BundleDetails | undefined): LineageStep[] {
  const l = record.info.lineage;
  const sha = l.datasetSha256;
  return [
    { kind: 'Dataset', title: l.datasetName || record.info.datasetName, detail: sha ? `sha-256 ${sha.slice(0, 8)}…` : 'content hash unknown' },
    {
      kind: 'Pipeline',
      title: record.pipeline,
      detail: details ? `version #${details.specHash}` : kindTitle(record.info.modelKind),
    },
    {
      kind: 'Run',
      title: `${l.backend ? backendLabel(l.backend) : 'backend unknown'}, seed ${l.seed}`,
      detail: `${when(l.createdAt || record.info.createdAt)} · ${l.seconds ? `${l.seconds.toFixed(1)} s` : 'time unknown'}`,
    },
    { kind: 'Model', title: record.name, detail: `v${record.version} · ${record.stage === 'production' ? 'production' : 'not deployed'}` },
  ];
}

export interface CompareRow {
  group: 'About' | 'Metrics' | 'Parameters';
  label: string;
  values: string[];
  /** Indexes of the best values (metrics only). */
  best: number[];
  numeric?: boolean;
  /** The metric a row shows. */
  metric?: string;
}

/** Rows of a side-by-side comparison: what each model is, its metrics, and its pipeline's parameters. */
export function compareRows(
  records: readonly ModelRecord[],
  details: ReadonlyMap<string, BundleDetails>,
  kinds: readonly { kind: string; title: string }[] = [],
): CompareRow[] {
  const rows: CompareRow[] = [];
  const about = (label: string, value: (r: ModelRecord) => string) =>
    rows.push({ group: 'About', label, values: records.map(value), best: [] });
  about('Pipeline', (r) => r.pipeline);
  about('Version', (r) => `v${r.version}`);
  about('Stage', (r) => (r.stage === 'production' ? 'Production' : '—'));
  about('Model kind', (r) => kindTitle(r.info.modelKind, kinds));
  about('Dataset', (r) => r.info.datasetName);
  about('Backend, seed', (r) => `${r.info.lineage.backend ? backendLabel(r.info.lineage.backend) : '?'}, ${r.info.lineage.seed}`);
  about('Validation gate', (r) => (r.gate.checks.length === 0 ? 'none' : r.gate.passed ? 'passed' : 'failed'));

  for (const row of metricRows(records.map((r) => r.info.metrics))) rows.push({ group: 'Metrics', ...row });

  // Parameters by step kind, in pipeline order, as the files' specs hold them.
  const params = new Map<string, (string | undefined)[]>();
  records.forEach((r, i) => {
    const spec = details.get(r.id)?.spec;
    for (const node of spec?.nodes ?? []) {
      for (const [key, value] of Object.entries(node.params)) {
        const label = `${humanize(node.kind)}: ${key.replace(/_/g, ' ')}`;
        const row = params.get(label) ?? new Array<string | undefined>(records.length).fill(undefined);
        row[i] = String(value);
        params.set(label, row);
      }
    }
  });
  for (const [label, values] of params) rows.push({ group: 'Parameters', label, values: values.map((v) => v ?? '—'), best: [] });
  return rows;
}
