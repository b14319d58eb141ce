/**
 * The engine worker: holds the parsed table and the last fitted pipeline, and exposes the core to
 * the page through comlink. Only previews, profiles, metrics and curves go back to the page.
 */
import * as Comlink from 'comlink';
import { readBundle, writeBundle } from '../core/bundle/bundle';
import { parseCsv } from '../core/csv/parse';
import { tableToCsv } from '../core/csv/write';
import { sha256Hex } from '../core/hash';
import { modelKinds } from '../core/models/registry';
import { defaultPipeline } from '../core/pipeline/default';
import type { FittedPipeline } from '../core/pipeline/fitted';
import { predictTable } from '../core/pipeline/predict';
import { runPipeline } from '../core/pipeline/run';
import { inferTask, profileTable, suggestTarget } from '../core/table/profile';
import { getColumn, previewRows, type Table } from '../core/table/table';
import { activateBackend, ensureBackend } from './backends';
import type { EngineApi, ModelInfo } from './protocol';

const PREVIEW_ROWS = 100;

interface Dataset {
  name: string;
  sha256: string;
  table: Table;
}

let dataset: Dataset | undefined;
let lastRun: FittedPipeline | undefined;
let loading: AbortController | undefined;
let running: AbortController | undefined;

function currentDataset(): Dataset {
  if (!dataset) throw new Error('Load a CSV file first');
  return dataset;
}

const engine: EngineApi = {
  async loadCsv(file, name, knownTarget, onProgress) {
    loading?.abort();
    const controller = (loading = new AbortController());
    const bytes = new Uint8Array(await file.arrayBuffer());
    const parsed = await parseCsv(bytes, { signal: controller.signal, onProgress });
    // Replace the current dataset only once the new one parsed: a bad file leaves the old one loaded.
    dataset = { name, sha256: await sha256Hex(bytes), table: parsed.table };
    return {
      name,
      rows: parsed.table.rowCount,
      bytes: bytes.length,
      columns: profileTable(parsed.table),
      preview: previewRows(parsed.table, PREVIEW_ROWS),
      errors: parsed.errors,
      suggestedTarget: suggestTarget(parsed.table, knownTarget),
    };
  },
  cancelLoad() {
    loading?.abort();
  },
  async defaultPipeline(target, modelKind) {
    return defaultPipeline(target, inferTask(getColumn(currentDataset().table, target)), modelKind);
  },
  modelKinds() {
    return modelKinds.map((m) => ({ kind: m.kind, title: m.title, tasks: [...m.tasks], params: m.params }));
  },
  async run(spec, backend, onEvent) {
    const data = currentDataset();
    running?.abort();
    const controller = (running = new AbortController());
    await activateBackend(backend);
    const { summary, fitted } = await runPipeline(spec, data.table, {
      dataset: { name: data.name, sha256: data.sha256 },
      signal: controller.signal,
      onEvent,
    });
    lastRun = fitted;
    return summary;
  },
  cancelRun() {
    running?.abort();
  },
  async exportLastRun() {
    if (!lastRun) throw new Error('Run a pipeline first');
    const bytes = await writeBundle(lastRun);
    return Comlink.transfer(bytes, [bytes.buffer]);
  },
  async inspectModel(bundle): Promise<ModelInfo> {
    const { manifest, fitted } = await readBundle(bundle);
    return {
      name: manifest.name,
      task: fitted.spec.task,
      target: fitted.spec.target,
      modelKind: fitted.model.kind,
      metrics: fitted.metrics,
      createdAt: manifest.createdAt,
      datasetName: fitted.lineage.datasetName,
    };
  },
  async predict(bundle) {
    const { table } = currentDataset();
    const { fitted } = await readBundle(bundle);
    await ensureBackend();
    const columns = await predictTable(fitted, table);
    const shown = Math.min(PREVIEW_ROWS, table.rowCount);
    const preview = Array.from({ length: shown }, (_, r) => columns.map((c) => String(c.values[r])));
    return {
      columns: columns.map((c) => c.name),
      preview,
      rows: table.rowCount,
      csv: new Blob([tableToCsv(table, columns)], { type: 'text/csv' }),
    };
  },
};

Comlink.expose(engine);
