/** The palette's groups: datasets and how to combine them, then every step kind and model kind from the engine's registries, by what it does. */
import type { ModelDescriptor } from '../../core/models/contract';
import type { StepKind } from '../../core/steps/step';
import type { Task } from '../../core/values';

export interface PaletteItem {
  kind: string;
  title: string;
  description: string;
}

export interface PaletteGroup {
  name: string;
  items: PaletteItem[];
}

export const DRAG_MIME = 'application/x-pipeline-kind';

const GROUP_OF: Record<string, string> = {
  select_columns: 'data',
  drop_columns: 'data',
  filter_rows: 'data',
  drop_duplicates: 'data',
  cast_kind: 'data',
  impute: 'data',
  one_hot: 'encode',
  ordinal_encode: 'encode',
  target_encode: 'encode',
  standardize: 'scale',
  minmax_scale: 'scale',
  robust_scale: 'scale',
  log_transform: 'scale',
  power_transform: 'scale',
  clip_outliers: 'scale',
};

const ORDER = ['datasets', 'data', 'encode', 'scale', 'features', 'split', 'models', 'evaluate'];

/** Groups in pipeline order; a step kind not listed above lands in "features". Models that cannot do `task` are left out. */
export function paletteGroups(steps: readonly StepKind[], models: readonly ModelDescriptor[], task: Task | undefined): PaletteGroup[] {
  const groups = new Map<string, PaletteItem[]>(ORDER.map((g) => [g, []]));
  groups.get('datasets')?.push(
    { kind: 'source', title: 'Dataset', description: 'Rows of a dataset from the Datasets list (the active one unless you pick another).' },
    { kind: 'append', title: 'Append rows', description: 'Stack the rows of two or more datasets, matching columns by name.' },
    { kind: 'join', title: 'Join', description: 'Pair the rows of a left and a right dataset on key columns (inner or left join).' },
  );
  for (const s of steps) groups.get(GROUP_OF[s.kind] ?? 'features')?.push({ kind: s.kind, title: s.title, description: s.description });
  groups.get('split')?.push({ kind: 'split', title: 'Train/test split', description: 'Hold out test rows (seeded, stratified for classification).' });
  groups.get('models')?.push({ kind: 'automl', title: 'AutoML', description: 'Searches model kinds and their settings within a time budget, validated on the training rows; offers the winner as a pipeline. Connect it to the dataset.' });
  for (const m of models) {
    if (!task || m.tasks.includes(task)) groups.get('models')?.push({ kind: m.kind, title: m.title, description: `Model for ${m.tasks.join(' and ')}.` });
  }
  groups.get('evaluate')?.push({ kind: 'evaluate', title: 'Evaluate', description: 'Test metrics of the model, and the validation gate.' });
  return ORDER.map((name) => ({ name, items: groups.get(name) ?? [] }));
}

/** The groups' items whose title, kind or description contains every word of `query` (any case); empty groups stay, empty. */
export function filterPalette(groups: readonly PaletteGroup[], query: string): PaletteGroup[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...groups];
  const matches = (item: PaletteItem) => {
    const text = `${item.title} ${item.kind.replaceAll('_', ' ')} ${item.description}`.toLowerCase();
    return words.every((w) => text.includes(w));
  };
  return groups.map((g) => ({ name: g.name, items: g.items.filter(matches) }));
}
