/**
 * What a model file says about itself, as the registry keeps it (store/) and the page shows it
 * (ui/): read from a validated bundle by the engine. Here, beside the bundle and apart from it, so
 * that those layers know the shape without loading the bundle's code (and TensorFlow.js).
 */
import type { FairnessReport } from '../fairness/report';
import type { ClassMetrics } from '../metrics';
import type { DataFindings } from '../quality/findings';
import type { Governance } from './governance';
import { holdsTrainingRows, type FittedPipeline, type Lineage } from '../pipeline/fitted';
import type { Manifest } from './bundle';
import type { GateVerdict } from '../pipeline/gate';
import type { ColumnSchema } from '../table/table';
import type { Task } from '../values';

/** A model file's name ends so: the page offers downloads with it and recognises dropped files by it. */
export const MODEL_FILE_EXTENSION = '.pstudio';

export interface ModelInfo {
  /** Shown in the Models list; taken from the bundle's manifest. */
  name: string;
  task: Task;
  target: string;
  modelKind: string;
  /** Pipeline identity (its name): versions of one pipeline share it, and one of them may be in production. */
  pipeline: string;
  metrics: Record<string, number>;
  /** Per-class precision, recall, F1 and support (classification). */
  perClass?: ClassMetrics[];
  gate: GateVerdict;
  lineage: Lineage;
  /** The columns the model reads. */
  inputSchema: ColumnSchema[];
  createdAt: string;
  datasetName: string;
  /** sha-256 of the model file itself. */
  sha256: string;
  /** The fairness report on the test rows, when sensitive columns were marked. */
  fairness?: FairnessReport;
  /** Data-quality and privacy findings on the training data (absent in older files). */
  findings?: DataFindings;
  /** The model file holds its (preprocessed) training rows (absent in older files: then by its kind alone). */
  holdsTrainingRows?: boolean;
  /** Intended use, limits and sign-off as the file carries them (an exported model keeps what its owner wrote). */
  governance?: Governance;
}

/** What the registry keeps about a model file, from its validated contents and the sha-256 of its bytes. */
export function modelInfoOf({ manifest, fitted, sha256 }: { manifest: Manifest; fitted: FittedPipeline; sha256: string }): ModelInfo {
  return {
    name: manifest.name,
    task: fitted.spec.task,
    target: fitted.spec.target,
    modelKind: fitted.model.kind,
    pipeline: fitted.spec.name,
    metrics: fitted.metrics,
    perClass: fitted.perClass,
    gate: fitted.gate,
    lineage: fitted.lineage,
    inputSchema: fitted.inputSchema,
    createdAt: manifest.createdAt,
    datasetName: fitted.lineage.datasetName,
    sha256,
    holdsTrainingRows: holdsTrainingRows(fitted),
    ...(fitted.fairness ? { fairness: fitted.fairness } : {}),
    ...(fitted.findings ? { findings: fitted.findings } : {}),
    ...(fitted.governance ? { governance: fitted.governance } : {}),
  };
}
