/**
 * The model file: one zip holding a manifest (format, version, sha-256 of every entry), the
 * pipeline spec, fitted step states, input schema, the model (a tfjs model.json + weights, or a
 * state model's <state>.json + <state>.bin), metrics, lineage and a model card (DESIGN.md §3).
 * Reading validates everything before anything is returned.
 */
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { sha256Hex } from '../hash';
import { stateModelKind, WEIGHTS_FILE } from '../models/artifacts';
import { isStateModelKind } from '../models/model';
import { findModelKind } from '../models/registry';
import type { FittedModel, FittedPipeline, LayersArtifacts, ModelArtifacts } from '../pipeline/fitted';
import { validatePipeline } from '../pipeline/validate';
import { modelCard } from './model-card';

export const MODEL_FORMAT = 'pipeline-studio.model';
export const MODEL_VERSION = 3;

const ENTRY = {
  pipeline: 'pipeline.json',
  steps: 'steps.json',
  schema: 'input-schema.json',
  modelInfo: 'model-info.json',
  metrics: 'metrics.json',
  lineage: 'lineage.json',
  card: 'MODEL_CARD.md',
  // Version 2:
  profile: 'training-profile.json',
  perClass: 'per-class.json',
  gate: 'gate.json',
} as const;

/**
 * Entries each version holds besides the model's own two; older files are read with defaults for
 * what they lack. Version 3 adds models that are not networks (k-nearest neighbours), stored as
 * their state instead of model.json + weights.
 */
const ENTRIES_BY_VERSION: Record<number, readonly string[]> = {
  1: [ENTRY.pipeline, ENTRY.steps, ENTRY.schema, ENTRY.modelInfo, ENTRY.metrics, ENTRY.lineage, ENTRY.card],
  2: Object.values(ENTRY),
  3: Object.values(ENTRY),
};

/** The model's two entries: a description (JSON) and its numbers (binary). */
interface ModelEntries {
  json: string;
  bin: string;
}

const LAYERS_ENTRIES: ModelEntries = { json: 'model/model.json', bin: `model/${WEIGHTS_FILE}` };

function stateEntries(stateFile: string): ModelEntries {
  return { json: `model/${stateFile}.json`, bin: `model/${stateFile}.bin` };
}

function entriesFor(fitted: FittedPipeline): { entries: ModelEntries; json: unknown } {
  const { artifacts, kind } = fitted.model;
  return artifacts.type === 'layers' ? { entries: LAYERS_ENTRIES, json: artifacts.modelJson } : { entries: stateEntries(stateModelKind(kind).stateFile), json: artifacts.header };
}

export interface Manifest {
  format: typeof MODEL_FORMAT;
  version: number;
  name: string;
  task: string;
  target: string;
  modelKind: string;
  createdAt: string;
  entries: Record<string, { sha256: string; bytes: number }>;
}

export class BundleError extends Error {
  constructor(message: string) {
    super(`Not a valid Pipeline Studio model file: ${message}`);
    this.name = 'BundleError';
  }
}

/** What a person sees in a models list: the model, what it predicts, and from which data. */
export function modelName(fitted: FittedPipeline): string {
  const title = findModelKind(fitted.model.kind)?.title ?? fitted.model.kind;
  return `${title} → ${fitted.spec.target} (${fitted.lineage.datasetName})`;
}

const json = (value: unknown) => strToU8(JSON.stringify(value, null, 2));

export async function writeBundle(fitted: FittedPipeline): Promise<Uint8Array> {
  const { artifacts, ...modelInfo } = fitted.model;
  const model = entriesFor(fitted);
  const files: Record<string, Uint8Array> = {
    [ENTRY.pipeline]: json(fitted.spec),
    [ENTRY.steps]: json(fitted.steps),
    [ENTRY.schema]: json(fitted.inputSchema),
    [ENTRY.modelInfo]: json(modelInfo),
    [model.entries.json]: json(model.json),
    [model.entries.bin]: artifacts.weights,
    [ENTRY.metrics]: json(fitted.metrics),
    [ENTRY.lineage]: json(fitted.lineage),
    [ENTRY.card]: strToU8(modelCard(fitted)),
    [ENTRY.profile]: json(fitted.trainingProfile),
    [ENTRY.perClass]: json(fitted.perClass ?? []),
    [ENTRY.gate]: json(fitted.gate),
  };
  const entries: Manifest['entries'] = {};
  for (const [path, bytes] of Object.entries(files)) entries[path] = { sha256: await sha256Hex(bytes), bytes: bytes.length };
  const manifest: Manifest = {
    format: MODEL_FORMAT,
    version: MODEL_VERSION,
    name: modelName(fitted),
    task: fitted.spec.task,
    target: fitted.spec.target,
    modelKind: fitted.model.kind,
    createdAt: fitted.lineage.createdAt,
    entries,
  };
  return zipSync({ 'manifest.json': json(manifest), ...files }, { level: 6, mtime: new Date(fitted.lineage.createdAt) });
}

function parseJson<T>(files: Record<string, Uint8Array>, path: string): T {
  try {
    return JSON.parse(strFromU8(files[path])) as T;
  } catch {
    throw new BundleError(`${path} is not valid JSON`);
  }
}

const DTYPE_BYTES: Record<string, number> = { float32: 4, int32: 4, bool: 1 };

/** Weights must be exactly as long as the topology's weight specs say. */
function checkWeightsSize(modelJson: LayersArtifacts['modelJson'], weights: Uint8Array) {
  const specs = modelJson.weightsManifest?.flatMap((g) => g.weights) as { name: string; shape: number[]; dtype: string }[] | undefined;
  if (!specs?.length) throw new BundleError('model/model.json lists no weights');
  const expected = specs.reduce((sum, s) => sum + s.shape.reduce((a, b) => a * b, 1) * (DTYPE_BYTES[s.dtype] ?? NaN), 0);
  if (expected !== weights.length) throw new BundleError(`the weights are ${weights.length} bytes, the topology needs ${expected}`);
}

/** Version 1 files predate training profiles and gates: no drift check, and a verdict that never promotes. */
const VERSION_1_DEFAULTS: Pick<FittedPipeline, 'trainingProfile' | 'perClass' | 'gate'> = {
  trainingProfile: [],
  perClass: undefined,
  gate: { passed: false, checks: [] },
};

function readVersion2Entries(files: Record<string, Uint8Array>): Pick<FittedPipeline, 'trainingProfile' | 'perClass' | 'gate'> {
  const perClass = parseJson<FittedPipeline['perClass'] & object>(files, ENTRY.perClass);
  return {
    trainingProfile: parseJson(files, ENTRY.profile),
    perClass: perClass.length ? perClass : undefined,
    gate: parseJson(files, ENTRY.gate),
  };
}

/** Files before version 3 hold networks only; from version 3 the model kind says how its model is stored. */
function modelEntriesOf(manifest: Manifest): ModelEntries {
  if (manifest.version < 3) return LAYERS_ENTRIES;
  const kind = findModelKind(manifest.modelKind);
  if (!kind) throw new BundleError(`its model kind ${JSON.stringify(manifest.modelKind)} is unknown to this Pipeline Studio`);
  return isStateModelKind(kind) ? stateEntries(kind.stateFile) : LAYERS_ENTRIES;
}

/** The model's artifacts, checked for consistency with the model's description (sizes, settings, values). */
function readArtifacts(files: Record<string, Uint8Array>, entries: ModelEntries, model: Omit<FittedModel, 'artifacts'>): ModelArtifacts {
  const weights = files[entries.bin];
  if (entries === LAYERS_ENTRIES) {
    const modelJson = parseJson<LayersArtifacts['modelJson']>(files, entries.json);
    checkWeightsSize(modelJson, weights);
    return { type: 'layers', modelJson, weights };
  }
  const header = parseJson<unknown>(files, entries.json);
  if (typeof header !== 'object' || header === null || Array.isArray(header)) throw new BundleError(`${entries.json} is not a JSON object`);
  const artifacts = { type: 'state' as const, header: header as Record<string, unknown>, weights };
  try {
    stateModelKind(model.kind).decode(artifacts, model);
  } catch (e) {
    throw new BundleError(`its model is inconsistent: ${(e as Error).message}`);
  }
  return artifacts;
}

export async function readBundle(bytes: Uint8Array): Promise<{ manifest: Manifest; fitted: FittedPipeline }> {
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes);
  } catch (e) {
    throw new BundleError(`it is not a readable zip archive (${(e as Error).message})`);
  }
  if (!files['manifest.json']) throw new BundleError('manifest.json is missing');
  const manifest = parseJson<Manifest>(files, 'manifest.json');
  if (manifest.format !== MODEL_FORMAT) throw new BundleError(`format is ${JSON.stringify(manifest.format)}, expected "${MODEL_FORMAT}"`);
  if (!Number.isInteger(manifest.version) || manifest.version < 1) throw new BundleError(`version ${JSON.stringify(manifest.version)} is not a version number`);
  if (manifest.version > MODEL_VERSION) {
    throw new BundleError(`version ${manifest.version} was written by a newer Pipeline Studio; this one reads versions up to ${MODEL_VERSION}`);
  }
  const modelEntries = modelEntriesOf(manifest);
  for (const path of [...ENTRIES_BY_VERSION[manifest.version], modelEntries.json, modelEntries.bin]) {
    if (!files[path]) throw new BundleError(`${path} is missing`);
    const listed = manifest.entries?.[path];
    if (!listed) throw new BundleError(`the manifest does not list ${path}`);
    if ((await sha256Hex(files[path])) !== listed.sha256) throw new BundleError(`${path} is corrupted (its sha-256 does not match the manifest)`);
  }
  const modelInfo = parseJson<Omit<FittedModel, 'artifacts'>>(files, ENTRY.modelInfo);
  if (modelInfo.kind !== manifest.modelKind) throw new BundleError(`${ENTRY.modelInfo} names model kind ${JSON.stringify(modelInfo.kind)}, the manifest ${JSON.stringify(manifest.modelKind)}`);
  const fitted: FittedPipeline = {
    spec: parseJson(files, ENTRY.pipeline),
    steps: parseJson(files, ENTRY.steps),
    inputSchema: parseJson(files, ENTRY.schema),
    model: { ...modelInfo, artifacts: readArtifacts(files, modelEntries, modelInfo) },
    metrics: parseJson(files, ENTRY.metrics),
    lineage: parseJson(files, ENTRY.lineage),
    ...(manifest.version >= 2 ? readVersion2Entries(files) : VERSION_1_DEFAULTS),
  };
  try {
    validatePipeline(fitted.spec);
  } catch (e) {
    throw new BundleError(`its pipeline.json is invalid (${(e as Error).message})`);
  }
  return { manifest, fitted };
}
