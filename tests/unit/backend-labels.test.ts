import { describe, expect, it } from 'vitest';
import { BACKEND_CHOICES, backendLabel } from '../../src/app/backend-labels';

describe('backendLabel: the name the page shows for a stored backend id', () => {
  it('names every backend a run can record', () => {
    expect(backendLabel('webgpu-fused')).toBe('WebGPU (fused trainer)');
    expect(backendLabel('webgpu')).toBe('WebGPU (TensorFlow.js)');
    expect(backendLabel('webgl')).toBe('WebGL');
    expect(backendLabel('wasm')).toBe('WebAssembly');
    expect(backendLabel('cpu')).toBe('CPU (plain JavaScript)');
  });

  it('names models trained by our own code on the CPU by their workers', () => {
    expect(backendLabel('cpu-workers-1')).toBe('CPU (1 worker)');
    expect(backendLabel('cpu-workers-4')).toBe('CPU (4 workers)');
    expect(backendLabel('cpu-workers-x')).toBe('cpu-workers-x');
  });

  it('shows an id it does not know as it is', () => {
    expect(backendLabel('webnn')).toBe('webnn');
    expect(backendLabel('')).toBe('');
  });

  it('gives the Backend menu one choice per id, each with a name of its own', () => {
    const ids = BACKEND_CHOICES.map((c) => c.value);
    expect(ids).toEqual(['auto', 'webgpu-fused', 'webgpu', 'webgl', 'wasm', 'cpu']);
    expect(new Set(BACKEND_CHOICES.map((c) => c.label)).size).toBe(ids.length);
  });
});
