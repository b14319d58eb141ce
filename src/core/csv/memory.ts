/**
 * Refuse a file the tab cannot hold before reading it: running out of memory halfway kills the tab
 * (and everything unsaved in it) instead of showing a message.
 */
import { formatBytes } from '../bytes';
import { CsvError } from './errors';

/**
 * Memory a load needs, as a multiple of the file: the file's bytes, the decoded text of the chunk
 * in hand, and the typed columns (8 bytes per number, 4 per category code), with room for the
 * strings of text columns. tests/bench/parse.ts measures the real peak.
 */
export const PEAK_PER_FILE_BYTE = 3;

/**
 * Used when the runtime says nothing of its memory: 1 GiB, a quarter of the 4 GiB heap a 64-bit
 * Chromium, Firefox or Node gives one thread, since the page, other tabs and the rest of the app
 * share the machine.
 */
export const FALLBACK_MEMORY_LIMIT = 1024 ** 3;

/**
 * What this thread can use: the heap limit where the runtime reports it (Chromium's
 * performance.memory, in pages only); else half the device's memory where it is known
 * (navigator.deviceMemory, Chromium, also in workers; at most 8 GiB, so at most 4 GiB here);
 * else FALLBACK_MEMORY_LIMIT.
 */
export function defaultMemoryLimit(): number {
  const heap = (globalThis.performance as { memory?: { jsHeapSizeLimit?: number } } | undefined)?.memory?.jsHeapSizeLimit;
  if (typeof heap === 'number' && heap > 0) return heap;
  const deviceGiB = (globalThis as { navigator?: { deviceMemory?: number } }).navigator?.deviceMemory;
  if (typeof deviceGiB === 'number' && deviceGiB > 0) return (deviceGiB * 1024 ** 3) / 2;
  return FALLBACK_MEMORY_LIMIT;
}

/** Throws a CsvError naming the file's size and the limit when reading `bytes` would need more than `limit`. */
export function assertFitsInMemory(bytes: number, label: string, limit = defaultMemoryLimit()): void {
  const needed = bytes * PEAK_PER_FILE_BYTE;
  if (needed <= limit) return;
  throw new CsvError(
    `${label} is too large to open here: it is ${formatBytes(bytes)}, and reading it needs about ${formatBytes(needed)} of memory, ` +
      `more than the ${formatBytes(limit)} this tab can use. Split it into smaller files, or remove columns you do not need.`,
  );
}
