/**
 * Pipeline files and templates on the page. The reader is the core's parsePipeline (the editor
 * validates with it too); the templates load on first use.
 */
import type { PipelineSpec } from '../core/pipeline/spec';
import type { Task } from '../core/values';
import { parsePipeline, serializePipeline } from '../core/pipeline/validate';
import { safeFileName } from './files';

export const PIPELINE_FILE_SUFFIX = '.pipeline.json';

/** Whether a dropped or picked file is a pipeline file (not a CSV, not a model). */
export function isPipelineFile(file: { name: string }): boolean {
  return /\.pipeline\.json$/i.test(file.name);
}

export function pipelineFileName(spec: PipelineSpec): string {
  return `${safeFileName(spec.name)}${PIPELINE_FILE_SUFFIX}`;
}

/** Parse, migrate and validate a pipeline file's text; throws PipelineError naming the exact problem. */
export function parsePipelineText(text: string): PipelineSpec {
  return parsePipeline(text);
}

export function serializePipelineText(spec: PipelineSpec): string {
  return serializePipeline(spec);
}

/** The templates offered by "New from template" (their builders are in core/pipeline/templates). */
export const TEMPLATE_CHOICES: readonly { id: string; title: string }[] = [
  { id: 'binary', title: 'Binary classification' },
  { id: 'multiclass', title: 'Multiclass classification' },
  { id: 'regression', title: 'Regression' },
  { id: 'gradient_boosting', title: 'Gradient boosting' },
];

/** A template's pipeline for a target whose task is `task` (what a template for either task builds). */
export async function templatePipeline(id: string, target: string, task: Task): Promise<PipelineSpec> {
  const { pipelineTemplates } = await import('../core/pipeline/templates');
  const template = pipelineTemplates.find((t) => t.id === id);
  if (!template) throw new Error(`Unknown template "${id}"`);
  return template.build(target, template.task ?? task);
}
