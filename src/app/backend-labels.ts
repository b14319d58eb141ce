/**
 * What the studio calls each backend, in one place: the Backend menu's choices and every view that
 * says which backend trained a model. Runs, models and the CLI keep the raw id; only the page shows these.
 */
import { cpuWorkers } from '../core/models/cpu-backend';
import type { BackendChoice } from '../engine/protocol';

export const BACKEND_CHOICES: readonly { value: BackendChoice; label: string }[] = [
  { value: 'auto', label: 'Auto (fastest available)' },
  { value: 'webgpu-fused', label: 'WebGPU (fused trainer)' },
  { value: 'webgpu', label: 'WebGPU (TensorFlow.js)' },
  { value: 'webgl', label: 'WebGL' },
  { value: 'wasm', label: 'WebAssembly' },
  { value: 'cpu', label: 'CPU (plain JavaScript)' },
];

/** A backend id's name for people; an id this build does not know (a newer file's) is shown as it is. */
export function backendLabel(id: string): string {
  const workers = cpuWorkers(id);
  if (workers !== undefined) return `CPU (${workers} worker${workers === 1 ? '' : 's'})`;
  return BACKEND_CHOICES.find((choice) => choice.value === id)?.label ?? id;
}
