/**
 * What the page reads from a model file itself (a small zip, read without the engine): the pipeline
 * spec, for comparing parameters and naming the pipeline version in a model's lineage.
 */
import { strFromU8, unzipSync } from 'fflate';
import type { PipelineSpec } from '../core/pipeline/spec';

export interface BundleDetails {
  spec: PipelineSpec;
  /** The first 8 hex digits of the sha-256 of the file's pipeline.json: which version of the pipeline ran. */
  specHash: string;
}

const PIPELINE_ENTRY = 'pipeline.json';

async function shortSha256(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes.slice()));
  return [...digest.subarray(0, 4)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export async function readBundleDetails(bundle: Uint8Array): Promise<BundleDetails> {
  const files = unzipSync(bundle, { filter: (file) => file.name === PIPELINE_ENTRY });
  const entry = files[PIPELINE_ENTRY];
  if (!entry) throw new Error('the model file has no pipeline.json');
  const spec = JSON.parse(strFromU8(entry)) as PipelineSpec;
  if (!Array.isArray(spec.nodes)) throw new Error('the model file holds no pipeline spec');
  return { spec, specHash: await shortSha256(entry) };
}
