/** The sample datasets built into the app (public/samples/index.json). */
import type { Task } from '../core/values';

export interface SampleInfo {
  name: string;
  file: string;
  target: string;
  task: Task;
  description: string;
}

const base = import.meta.env.BASE_URL;

export function sampleUrl(file: string): string {
  return `${base}samples/${encodeURIComponent(file)}`;
}

function isSample(x: unknown): x is SampleInfo {
  if (typeof x !== 'object' || x === null) return false;
  const s = x as Record<string, unknown>;
  return typeof s.name === 'string' && typeof s.file === 'string' && typeof s.target === 'string' && typeof s.description === 'string';
}

export async function fetchSamples(): Promise<SampleInfo[]> {
  const response = await fetch(`${base}samples/index.json`);
  if (!response.ok) throw new Error(`Could not read the sample list (HTTP ${response.status})`);
  const list: unknown = await response.json();
  if (!Array.isArray(list)) throw new Error('The sample list is not a list');
  return list.filter(isSample);
}

export async function fetchSample(sample: SampleInfo): Promise<Blob> {
  const response = await fetch(sampleUrl(sample.file));
  if (!response.ok) throw new Error(`Could not read the sample ${sample.file} (HTTP ${response.status})`);
  return response.blob();
}
