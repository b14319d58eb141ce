/**
 * The data a pipeline reads: each source node names a dataset by id (none = the active dataset).
 * Callers hand the executor and the schema flow either one table (every source reads it, as in a
 * pipeline with a single source) or a resolver from dataset id to dataset.
 */
import { sha256Hex } from '../hash';
import type { Table } from '../table/table';
import type { PipelineNode } from './spec';

/** A dataset as a source reads it: its table, and its name and content hash (for cache keys and lineage). */
export interface SourceData {
  name: string;
  sha256: string;
  table: Table;
  /** How the file was read (dialect, missing-value tokens, column overrides), when not by default: part of the cache key, as the same bytes read otherwise give another table. */
  readAs?: string;
}

/** The dataset with this id, or the active one when the id is undefined; throws when it is not loaded. */
export type DatasetResolver = (datasetId: string | undefined) => SourceData;

export type PipelineData = Table | DatasetResolver;

/** The dataset id a source node names; undefined for the active dataset. */
export function datasetIdOf(node: PipelineNode): string | undefined {
  const id = node.params.dataset;
  return typeof id === 'string' && id !== '' ? id : undefined;
}

/** The dataset a source node reads. `single` names the table when `data` is one table. */
export function sourceData(node: PipelineNode, data: PipelineData, single: { name: string; sha256: string }): SourceData {
  return typeof data === 'function' ? data(datasetIdOf(node)) : { ...single, table: data };
}

/** The dataset ids a pipeline's sources name (each once, in node order); undefined stands for the active dataset. */
export function datasetIds(nodes: readonly PipelineNode[]): (string | undefined)[] {
  const ids = nodes.filter((n) => n.kind === 'source').map(datasetIdOf);
  return ids.filter((id, i) => ids.indexOf(id) === i);
}

/**
 * What a run trains on, for its models' lineage: the one dataset its sources read, or all of them
 * (names joined, and the sha-256 of their hashes, so the same files give the same identity).
 */
export async function lineageOf(nodes: readonly PipelineNode[], resolve: DatasetResolver): Promise<{ name: string; sha256: string }> {
  const read = datasetIds(nodes).map(resolve);
  const used = read.filter((d, i) => read.findIndex((e) => e.sha256 === d.sha256 && e.name === d.name) === i);
  if (used.length === 1) return { name: used[0].name, sha256: used[0].sha256 };
  return { name: used.map((d) => d.name).join(' + '), sha256: await sha256Hex(new TextEncoder().encode(used.map((d) => d.sha256).join('\n'))) };
}
