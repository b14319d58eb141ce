/// <reference types="@webgpu/types" />
/** The fused trainer's GPUDevice: WebGPU's default limits only, so it runs wherever WebGPU does. */
import type { RegisterBlock } from './kernels';

export interface FusedDevice {
  device: GPUDevice;
  /** A software adapter (SwiftShader): correct but slower than WASM, so only used when the user picks it. */
  fallback: boolean;
  /** What the adapter says it is, for the run log. */
  description: string;
}

/** Whether the adapter is a software one (SwiftShader) rather than a GPU. */
export function isSoftwareAdapter(adapter: GPUAdapter): boolean {
  return (adapter.info as GPUAdapterInfo & { isFallbackAdapter?: boolean }).isFallbackAdapter === true;
}

/** A software adapter is bound by loads and takes the big register blocks; a GPU, the small ones (see RegisterBlock). */
export function registerBlockFor(software: boolean): RegisterBlock {
  return software ? 8 : 4;
}

/** A driver that never answers must not stall training: no answer in time means no WebGPU. */
const TIMEOUT_MS = 5_000;

export async function requestFusedDevice(gpu: GPU | undefined): Promise<FusedDevice | undefined> {
  if (!gpu) return undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), TIMEOUT_MS)));
  try {
    const adapter = await Promise.race([gpu.requestAdapter().catch(() => null), timeout]);
    if (!adapter) return undefined;
    const device = await Promise.race([adapter.requestDevice().catch(() => undefined), timeout]);
    if (!device) return undefined;
    const { info } = adapter;
    const description = [info.vendor, info.architecture, info.device, info.description].filter(Boolean).join(' ') || 'unknown adapter';
    return { device, fallback: isSoftwareAdapter(adapter), description };
  } finally {
    clearTimeout(timer);
  }
}
