/**
 * The model file: one zip holding a manifest (format, version, sha-256 of every entry), the
 * pipeline spec, fitted step states, input schema, the tfjs model.json + weights, metrics, lineage
 * and a model card (DESIGN.md §3). Reading validates everything before anything is returned.
 */
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { sha256Hex } from '../hash';
import { WEIGHTS_FILE } from '../models/artifacts';
import { findModelKind } from '../models/registry';
import type { FittedModel, FittedPipeline } from '../pipeline/fitted';
import { validatePipeline } from '../pipeline/validate';
import { modelCard } from './model-card';

export const MODEL_FORMAT = 'pipeline-studio.model';
export const MODEL_VERSION = 2;
export const MODEL_FILE_EXTENSION = '.pstudio';

const ENTRY = {
  pipeline: 'pipeline.json',
  steps: 'steps.json',
  schema: 'input-schema.json',
  modelInfo: 'model-info.json',
  modelJson: 'model/model.json',
  weights: `model/${WEIGHTS_FILE}`,
  metrics: 'metrics.json',
  lineage: 'lineage.json',
  card: 'MODEL_CARD.md',
  // Version 2:
  profile: 'training-profile.json',
  perClass: 'per-class.json',
  gate: 'gate.json',
} as const;

/** Entries each version holds; older files are read with defaults for what they lack. */
const ENTRIES_BY_VERSION: Record<number, readonly string[]> = {
  1: [ENTRY.pipeline, ENTRY.steps, ENTRY.schema, ENTRY.modelInfo, ENTRY.modelJson, ENTRY.weights, ENTRY.metrics, ENTRY.lineage, ENTRY.card],
  2: Object.values(ENTRY),
};

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
  const files: Record<string, Uint8Array> = {
    [ENTRY.pipeline]: json(fitted.spec),
    [ENTRY.steps]: json(fitted.steps),
    [ENTRY.schema]: json(fitted.inputSchema),
    [ENTRY.modelInfo]: json(modelInfo),
    [ENTRY.modelJson]: json(artifacts.modelJson),
    [ENTRY.weights]: artifacts.weights,
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
function checkWeightsSize(modelJson: FittedModel['artifacts']['modelJson'], weights: Uint8Array) {
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
  for (const path of ENTRIES_BY_VERSION[manifest.version]) {
    if (!files[path]) throw new BundleError(`${path} is missing`);
    const listed = manifest.entries?.[path];
    if (!listed) throw new BundleError(`the manifest does not list ${path}`);
    if ((await sha256Hex(files[path])) !== listed.sha256) throw new BundleError(`${path} is corrupted (its sha-256 does not match the manifest)`);
  }
  const modelJson = parseJson<FittedModel['artifacts']['modelJson']>(files, ENTRY.modelJson);
  checkWeightsSize(modelJson, files[ENTRY.weights]);
  const fitted: FittedPipeline = {
    spec: parseJson(files, ENTRY.pipeline),
    steps: parseJson(files, ENTRY.steps),
    inputSchema: parseJson(files, ENTRY.schema),
    model: { ...parseJson<Omit<FittedModel, 'artifacts'>>(files, ENTRY.modelInfo), artifacts: { modelJson, weights: files[ENTRY.weights] } },
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
