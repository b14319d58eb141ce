/** How much the browser lets the studio store, and asking it to keep the data (StorageManager). */

export interface StorageInfo {
  /** Bytes used by this origin (IndexedDB, caches…), as the browser estimates it. */
  usage: number;
  /** Bytes this origin may use. */
  quota: number;
  /** Whether the browser promised not to evict the data under storage pressure; null when unknown. */
  persisted: boolean | null;
}

const ASKED_KEY = 'pipeline-studio.persist-asked';

function manager(): StorageManager | undefined {
  return typeof navigator !== 'undefined' && navigator.storage ? navigator.storage : undefined;
}

export async function storageInfo(): Promise<StorageInfo | null> {
  const storage = manager();
  if (!storage?.estimate) return null;
  const estimate = await storage.estimate();
  const persisted = storage.persisted ? await storage.persisted().catch(() => null) : null;
  return { usage: estimate.usage ?? 0, quota: estimate.quota ?? 0, persisted };
}

/**
 * Ask once (per browser profile) for persistent storage, so saved models are not evicted when the
 * disk fills up. Returns whether storage is persistent now; null when the browser cannot tell.
 */
export async function requestPersistence(): Promise<boolean | null> {
  const storage = manager();
  if (!storage?.persisted || !storage.persist) return null;
  if (await storage.persisted()) return true;
  let asked = false;
  try {
    asked = localStorage.getItem(ASKED_KEY) !== null;
    localStorage.setItem(ASKED_KEY, new Date().toISOString());
  } catch {
    // No localStorage (private mode): ask this once per page.
  }
  if (asked) return false;
  return storage.persist();
}
