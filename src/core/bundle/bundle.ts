/**
 * The model file: one zip holding a manifest (format, version, sha-256 of every entry), the
 * pipeline spec, fitted step states, input schema, the model's artifacts (`model/<name>`, whatever
 * the kind stores: a tfjs model.json + weights.bin, a kNN's knn.json + knn.bin, trees …), metrics,
 * lineage and a model card (DESIGN.md §3). Reading validates everything, the model's artifacts
 * through its kind's own check, before anything is returned.
 */
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { readExplanation } from '../explain/stored';
import { sha256Hex } from '../hash';
import type { ModelArtifacts, ModelDescriptor, ModelOutline } from '../models/contract';
import { findModelKind } from '../models/kinds';
import type { FairnessReport } from '../fairness/report';
import type { FittedPipeline } from '../pipeline/fitted';
import type { DataFindings } from '../quality/findings';
import { upgradePipeline, validatePipeline } from '../pipeline/validate';
import { hasGovernance, parseGovernance, type Governance } from './governance';
import { modelCard } from './model-card';

export const MODEL_FORMAT = 'pipeline-studio.model';
export const MODEL_VERSION = 4;

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
 * Entries each version holds besides the model's artifacts; older files are read with defaults for
 * what they lack. Version 3 added models that are not networks (k-nearest neighbours); version 4
 * stores every kind the same way: each artifact the kind names, under model/, with `.json` ones as JSON.
 */
const ENTRIES_BY_VERSION: Record<number, readonly string[]> = {
  1: [ENTRY.pipeline, ENTRY.steps, ENTRY.schema, ENTRY.modelInfo, ENTRY.metrics, ENTRY.lineage, ENTRY.card],
  2: Object.values(ENTRY),
  3: Object.values(ENTRY),
  4: Object.values(ENTRY),
};

/**
 * Entries a file of any version may hold: read, and their hash checked, when the manifest lists
 * them; readers from before them skip them (no new version needed). The fairness report (when
 * sensitive columns were marked), the data-quality and privacy findings, and what people wrote
 * about the model (intended use, limits, sign-off).
 */
const OPTIONAL = {
  fairness: 'fairness.json',
  findings: 'quality.json',
  governance: 'governance.json',
  /** The permutation importance computed at training (files written before it lack it). */
  explanations: 'explanations.json',
} as const;

const MODEL_DIR = 'model/';

/** A model's artifacts as zip entries: `model/<name>`, JSON for names ending in .json. */
function artifactEntries({ json: parts, blobs }: ModelArtifacts): Record<string, Uint8Array> {
  const files: Record<string, Uint8Array> = {};
  for (const [name, value] of Object.entries(parts)) files[MODEL_DIR + name] = json(value);
  for (const [name, bytes] of Object.entries(blobs)) files[MODEL_DIR + name] = bytes;
  return files;
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

function json(value: unknown): Uint8Array {
  return strToU8(JSON.stringify(value, null, 2));
}

export async function writeBundle(fitted: FittedPipeline): Promise<Uint8Array> {
  const { artifacts, ...modelInfo } = fitted.model;
  const files: Record<string, Uint8Array> = {
    [ENTRY.pipeline]: json(fitted.spec),
    [ENTRY.steps]: json(fitted.steps),
    [ENTRY.schema]: json(fitted.inputSchema),
    [ENTRY.modelInfo]: json(modelInfo),
    ...artifactEntries(artifacts),
    [ENTRY.metrics]: json(fitted.metrics),
    [ENTRY.lineage]: json(fitted.lineage),
    [ENTRY.card]: strToU8(await modelCard(fitted)),
    [ENTRY.profile]: json(fitted.trainingProfile),
    [ENTRY.perClass]: json(fitted.perClass ?? []),
    [ENTRY.gate]: json(fitted.gate),
    ...(fitted.fairness ? { [OPTIONAL.fairness]: json(fitted.fairness) } : {}),
    ...(fitted.findings ? { [OPTIONAL.findings]: json(fitted.findings) } : {}),
    ...(hasGovernance(fitted.governance) ? { [OPTIONAL.governance]: json(fitted.governance) } : {}),
    ...(fitted.explanations ? { [OPTIONAL.explanations]: json(fitted.explanations) } : {}),
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

/** An optional entry's JSON object, checked by `check` (which throws naming what is wrong). */
function readOptional<T>(files: Record<string, Uint8Array>, path: string, check: (value: unknown) => T): T {
  const value = parseJson<unknown>(files, path);
  try {
    return check(value);
  } catch (e) {
    throw new BundleError(`${path} is invalid (${(e as Error).message})`);
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The shape the page and the card rely on: the groups, and disparities as numbers (or null). */
function checkFairness(value: unknown): FairnessReport {
  if (!isRecord(value) || !Array.isArray(value.sensitive) || !Array.isArray(value.groups) || !isRecord(value.disparities)) throw new Error('expected sensitive, groups and disparities');
  if (!Object.values(value.disparities).every((v) => v === null || typeof v === 'number')) throw new Error('a disparity is not a number');
  if (!value.groups.every((g) => isRecord(g) && Array.isArray(g.values) && typeof g.rows === 'number' && isRecord(g.metrics))) throw new Error('a group lacks its values, rows or metrics');
  return value as unknown as FairnessReport;
}

function checkFindings(value: unknown): DataFindings {
  if (!isRecord(value) || typeof value.rows !== 'number' || typeof value.checkedRows !== 'number' || !Array.isArray(value.warnings)) throw new Error('expected rows, checkedRows and warnings');
  if (!value.warnings.every((w) => isRecord(w) && typeof w.kind === 'string' && typeof w.message === 'string' && Array.isArray(w.columns))) throw new Error('a warning lacks its kind, message or columns');
  return value as unknown as DataFindings;
}

/** The optional entries the manifest lists, each checked. */
function readOptionalEntries(files: Record<string, Uint8Array>, listed: ReadonlySet<string>): Pick<FittedPipeline, 'fairness' | 'findings' | 'governance' | 'explanations'> {
  return {
    ...(listed.has(OPTIONAL.explanations) ? { explanations: readOptional(files, OPTIONAL.explanations, readExplanation) } : {}),
    ...(listed.has(OPTIONAL.fairness) ? { fairness: readOptional(files, OPTIONAL.fairness, checkFairness) } : {}),
    ...(listed.has(OPTIONAL.findings) ? { findings: readOptional(files, OPTIONAL.findings, checkFindings) } : {}),
    ...(listed.has(OPTIONAL.governance) ? { governance: readOptional(files, OPTIONAL.governance, parseGovernance) } : {}),
  };
}

/** Every entry the manifest lists under model/, parsed: `.json` ones as JSON objects, the rest as bytes. */
function readArtifacts(files: Record<string, Uint8Array>, listed: readonly string[]): ModelArtifacts {
  const parts: Record<string, unknown> = {};
  const blobs: Record<string, Uint8Array> = {};
  for (const path of listed) {
    const name = path.slice(MODEL_DIR.length);
    if (!name.endsWith('.json')) {
      blobs[name] = files[path];
      continue;
    }
    const value = parseJson<unknown>(files, path);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new BundleError(`${path} is not a JSON object`);
    parts[name] = value;
  }
  return { json: parts, blobs };
}

/** The kind's own check of its artifacts against the model's outline (sizes, settings, values). */
async function checkModel(kind: ModelDescriptor, outline: ModelOutline, artifacts: ModelArtifacts): Promise<void> {
  try {
    (await kind.implementation()).check(artifacts, outline);
  } catch (e) {
    throw new BundleError(`its model is inconsistent: ${(e as Error).message}`);
  }
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
  if (typeof manifest !== 'object' || manifest === null || Array.isArray(manifest)) throw new BundleError('manifest.json is not a JSON object');
  if (manifest.format !== MODEL_FORMAT) throw new BundleError(`format is ${JSON.stringify(manifest.format)}, expected "${MODEL_FORMAT}"`);
  if (!Number.isInteger(manifest.version) || manifest.version < 1) throw new BundleError(`version ${JSON.stringify(manifest.version)} is not a version number`);
  if (manifest.version > MODEL_VERSION) {
    throw new BundleError(`version ${manifest.version} was written by a newer Pipeline Studio; this one reads versions up to ${MODEL_VERSION}`);
  }
  const kind = findModelKind(manifest.modelKind);
  if (!kind) throw new BundleError(`its model kind ${JSON.stringify(manifest.modelKind)} is unknown to this Pipeline Studio`);
  const modelEntries = Object.keys(manifest.entries ?? {}).filter((path) => path.startsWith(MODEL_DIR));
  const optional = new Set<string>(Object.values(OPTIONAL).filter((path) => manifest.entries?.[path] !== undefined));
  for (const path of [...ENTRIES_BY_VERSION[manifest.version], ...modelEntries, ...optional]) {
    if (!files[path]) throw new BundleError(`${path} is missing`);
    const listed = manifest.entries?.[path];
    if (!listed) throw new BundleError(`the manifest does not list ${path}`);
    if ((await sha256Hex(files[path])) !== listed.sha256) throw new BundleError(`${path} is corrupted (its sha-256 does not match the manifest)`);
  }
  const modelInfo = parseJson<ModelOutline>(files, ENTRY.modelInfo);
  if (modelInfo.kind !== manifest.modelKind) throw new BundleError(`${ENTRY.modelInfo} names model kind ${JSON.stringify(modelInfo.kind)}, the manifest ${JSON.stringify(manifest.modelKind)}`);
  const artifacts = readArtifacts(files, modelEntries);
  await checkModel(kind, modelInfo, artifacts);
  const fitted: FittedPipeline = {
    spec: parseJson(files, ENTRY.pipeline),
    steps: parseJson(files, ENTRY.steps),
    inputSchema: parseJson(files, ENTRY.schema),
    model: { ...modelInfo, artifacts },
    metrics: parseJson(files, ENTRY.metrics),
    lineage: parseJson(files, ENTRY.lineage),
    ...(manifest.version >= 2 ? readVersion2Entries(files) : VERSION_1_DEFAULTS),
    ...readOptionalEntries(files, optional),
  };
  try {
    fitted.spec = upgradePipeline(fitted.spec);
    validatePipeline(fitted.spec);
  } catch (e) {
    throw new BundleError(`its pipeline.json is invalid (${(e as Error).message})`);
  }
  return { manifest, fitted };
}

/** The same model file with `governance` (intended use, limits, sign-off) in its governance.json and card, for export. */
export async function withGovernance(bytes: Uint8Array, governance: Governance): Promise<Uint8Array> {
  const { fitted } = await readBundle(bytes);
  return writeBundle({ ...fitted, governance });
}
