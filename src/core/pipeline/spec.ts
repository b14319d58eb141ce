/**
 * The pipeline file: plain JSON with a format name and an integer version (DESIGN.md §3).
 * The canvas renders it, the executor runs it, the bundle stores it.
 */
export const PIPELINE_FORMAT = 'pipeline-studio.pipeline';
export const PIPELINE_VERSION = 1;

export type Task = 'classification' | 'regression';

export type ParamValue = string | number | boolean | string[];

export interface PipelineNode {
  id: string;
  /** 'source', 'split', 'evaluate', a step kind or a model kind from the registries. */
  kind: string;
  params: Record<string, ParamValue>;
}

export interface PipelineEdge {
  from: string;
  to: string;
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
