/**
 * A search pipeline run: its data part gathered, the rows its winner's split will test on set
 * aside (the search never sees them), the search on the rest, and the winner as an ordinary pipeline.
 * The engine worker and the CLI both call this; neither stores anything until it returns.
 */
import { readTarget } from '../pipeline/features';
import { planPipeline } from '../pipeline/graph';
import { branchSplit, pipelineTable } from '../pipeline/run';
import type { FixedRows } from '../pipeline/split';
import type { PipelineData } from '../pipeline/data';
import type { PipelineSpec } from '../pipeline/spec';
import { inferRoles } from '../roles/infer';
import { withRoleChoices, type Role } from '../roles/roles';
import { validatePipeline } from '../pipeline/validate';
import { candidatePipeline, winnerPipeline } from './pipelines';
import { searchModels, type SearchOptions } from './search';
import { resolveAutomlSettings } from './settings';
import type { AutomlResult } from './types';

export interface RunSearchOptions extends SearchOptions {
  /** Fixed test rows (0-based data-row indices) instead of the winner's split: they are left out of the search too. */
  testRows?: FixedRows;
  /** The person's choices of column roles (by column name), over the inferred ones. */
  roleChoices?: Readonly<Record<string, Role>>;
}

/** The search a pipeline with an AutoML node asks for, on `data` (one table, or datasets by id). */
export async function runSearch(spec: PipelineSpec, data: PipelineData, options: RunSearchOptions = {}): Promise<AutomlResult> {
  validatePipeline(spec);
  const node = planPipeline(spec).search;
  if (!node) throw new Error('This pipeline has no AutoML node: connect one to the dataset to search for a model');
  const settings = resolveAutomlSettings(node.params, spec.task);
  const log = (message: string) => options.onEvent?.({ type: 'log', message });
  const table = pipelineTable(spec, data, { dataset: { name: spec.name, sha256: '' }, onEvent: (e) => e.type === 'log' && log(e.message) });
  const labels = readTarget(table, spec.target, spec.task);
  // Candidates are preprocessed as the studio's default pipeline is: ids and constants left out, dates in parts, many categories target-encoded.
  const roles = withRoleChoices(inferRoles(table, spec.target), options.roleChoices);
  const pipelineOf = (kind: string, params: AutomlResult['best']['params']) => winnerPipeline(spec, candidatePipeline(spec.target, spec.task, kind, params, settings.seed, roles));
  // Every candidate's pipeline splits alike (the same split node): its training rows are the search's.
  const split = pipelineOf(settings.kinds[0], {}).nodes.find((n) => n.kind === 'split');
  if (!split) throw new Error('The default pipeline has no split node');
  const { train, test } = branchSplit(table, labels, split, { testRows: options.testRows }, (e) => e.type === 'log' && log(e.message));
  log(`${split.id}: ${test.length.toLocaleString('en')} test rows set aside; the search validates on the ${train.length.toLocaleString('en')} training rows`);
  const outcome = await searchModels({ table, target: spec.target, task: spec.task, train, labels, roles }, settings, options);
  return { task: spec.task, target: spec.target, ...outcome, winner: pipelineOf(outcome.best.kind, outcome.best.params) };
}
