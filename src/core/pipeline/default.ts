/**
 * The pipeline the studio proposes for a target: the scikit-learn baseline's preprocessing (what the
 * model needs of it) and model. Given the columns' roles (roles/infer.ts, with the person's choices),
 * it is built from them: left-out columns dropped, columns cast where their role needs another kind,
 * text dates turned into date parts, free text into TF-IDF terms, many-valued categories
 * target-encoded and the others one-hot encoded for models that do not read categories (trees read
 * both natively), missing values imputed and features standardised only for models that need it.
 */
import { defaultParams } from '../params';
import { defaultModelKind, findModelKind } from '../models/kinds';
import type { ModelDescriptor } from '../models/contract';
import { LEFT_OUT, type ColumnRole, type Role } from '../roles/roles';
import type { ColumnKind } from '../table/table';
import { splitParams } from './split';
import { PIPELINE_FORMAT, PIPELINE_VERSION, type PipelineNode, type PipelineSpec, type Task } from './spec';

export interface DefaultPipelineOptions {
  /** The feature columns' roles; without them every column is used by its kind, as read. */
  roles?: readonly ColumnRole[];
}

/** Terms kept per free-text column: scikit-learn's vectorizers keep all, a default pipeline cannot afford to. */
const TEXT_TERMS = 100;

type Accepts = ModelDescriptor['accepts'];

/** The kind a role needs its column to have before the steps that follow, or null when its kind will do. */
function castFor(role: Role, kind: ColumnKind): ColumnKind | null {
  switch (role) {
    case 'numeric':
      return kind === 'numeric' ? null : 'numeric';
    case 'category':
    case 'high_cardinality':
      return kind === 'categorical' || kind === 'boolean' ? null : 'categorical';
    case 'text':
      return kind === 'text' || kind === 'categorical' ? null : 'text';
    default:
      return null;
  }
}

/** The preprocessing of scikit-learn's baseline that the model needs, on every column by its kind. */
function kindSteps(accepts: Accepts): PipelineNode[] {
  return [
    ...(accepts.missing ? [] : [{ id: 'impute', kind: 'impute', params: { numeric: 'median' } }]),
    ...(accepts.unscaled ? [] : [{ id: 'standardize', kind: 'standardize', params: {} }]),
    ...(accepts.categorical ? [] : [{ id: 'one_hot', kind: 'one_hot', params: {} }]),
  ];
}

/** A column's use by its kind alone: what the default pipeline falls back to. */
const BY_KIND: Record<ColumnKind, Role> = { numeric: 'numeric', categorical: 'category', boolean: 'category', date: 'date', text: 'text' };

/**
 * The roles to build from: as given, unless they leave every column out (a table of an id and the
 * target, say), when each column is used by its kind rather than the model getting nothing.
 */
function usable(roles: readonly ColumnRole[]): readonly ColumnRole[] {
  if (roles.length === 0 || roles.some((r) => !LEFT_OUT.has(r.role))) return roles;
  return roles.map((r) => ({ ...r, role: BY_KIND[r.kind] }));
}

function roleSteps(roles: readonly ColumnRole[], accepts: Accepts): PipelineNode[] {
  const named = (role: Role) => roles.filter((r) => r.role === role).map((r) => r.name);
  const nodes: PipelineNode[] = [];
  const add = (id: string, kind: string, params: PipelineNode['params']) => nodes.push({ id, kind, params });
  const dropped = roles.filter((r) => LEFT_OUT.has(r.role)).map((r) => r.name);
  if (dropped.length) add('drop_columns', 'drop_columns', { columns: dropped });
  roles.forEach((r) => {
    const to = LEFT_OUT.has(r.role) ? null : castFor(r.role, r.kind);
    if (to) add(`cast_${nodes.filter((n) => n.kind === 'cast_kind').length + 1}`, 'cast_kind', { column: r.name, to, invalid: 'missing' });
  });
  // One date-parts node per format the text dates are written in (ISO date columns need none).
  const byFormat = new Map<string, string[]>();
  for (const r of roles) if (r.role === 'date') byFormat.set(r.dateFormat ?? 'auto', [...(byFormat.get(r.dateFormat ?? 'auto') ?? []), r.name]);
  [...byFormat].forEach(([format, columns], i) => add(i === 0 ? 'date_parts' : `date_parts_${i + 1}`, 'date_parts', { columns, format }));
  const text = named('text');
  if (text.length) add('text_vectorize', 'text_vectorize', { columns: text, weighting: 'tfidf', max_features: TEXT_TERMS });
  if (!accepts.missing) add('impute', 'impute', { numeric: 'median' });
  if (!accepts.categorical) {
    const many = named('high_cardinality');
    if (many.length) add('target_encode', 'target_encode', { columns: many });
  }
  // Standardised before the one-hot, as scikit-learn's baseline scales the numeric columns only:
  // scaling a 0/1 column by its spread would weaken the penalty on rare categories and move a
  // regularised model's answers (penguins: 0.11 in one probability, one test row flipped).
  if (!accepts.unscaled) add('standardize', 'standardize', {});
  // Every category left by now is one of few values (or came from a dataset joined on the canvas, whose roles are not known here).
  if (!accepts.categorical) add('one_hot', 'one_hot', {});
  return nodes;
}

export function defaultPipeline(target: string, task: Task, modelKind?: string, options: DefaultPipelineOptions = {}): PipelineSpec {
  const model = modelKind ? findModelKind(modelKind) : defaultModelKind(task);
  if (!model) throw new Error(`Unknown model kind "${modelKind}"`);
  if (!model.tasks.includes(task)) throw new Error(`${model.title} cannot do ${task}`);
  const roles = options.roles?.filter((r) => r.name !== target);
  const nodes: PipelineNode[] = [
    { id: 'source', kind: 'source', params: {} },
    ...(roles ? roleSteps(usable(roles), model.accepts) : kindSteps(model.accepts)),
    { id: 'split', kind: 'split', params: { ...defaultParams(splitParams), stratify: task === 'classification' } },
    { id: 'model', kind: model.kind, params: defaultParams(model.params) },
    { id: 'evaluate', kind: 'evaluate', params: {} },
  ];
  return {
    format: PIPELINE_FORMAT,
    version: PIPELINE_VERSION,
    name: `Predict ${target}`,
    task,
    target,
    nodes,
    edges: nodes.slice(1).map((n, i) => ({ from: nodes[i].id, to: n.id })),
  };
}
