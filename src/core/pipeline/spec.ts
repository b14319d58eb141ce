/**
 * The pipeline file: plain JSON with a format name and an integer version (DESIGN.md §3).
 * The canvas renders it, the executor runs it, the bundle stores it.
 */
import type { ParamsSchema } from '../params';
import type { ParamValue, Task } from '../values';

export type { ParamValue, Task };

export const PIPELINE_FORMAT = 'pipeline-studio.pipeline';
export const PIPELINE_VERSION = 2;

export interface PipelineNode {
  id: string;
  /**
   * 'source' (params.dataset: a dataset id; absent or '' = the active dataset), 'append', 'join',
   * 'split', 'evaluate', a step kind or a model kind from the registries.
   */
  kind: string;
  params: Record<string, ParamValue>;
}

export interface PipelineEdge {
  from: string;
  to: string;
  /** Which input of `to` the edge feeds, where a node has named inputs: a join's 'left' or 'right'. */
  port?: string;
}

export interface PipelineSpec {
  format: typeof PIPELINE_FORMAT;
  version: number;
  name: string;
  task: Task;
  target: string;
  nodes: PipelineNode[];
  edges: PipelineEdge[];
}

/** A source node's one parameter: which dataset it reads. Files without it read the active dataset, as they always did. */
export const sourceParams: ParamsSchema = {
  dataset: { type: 'string', label: 'Dataset', default: '' },
};
