/** Every finished model run, for the Runs table: what ran, on what, how long, and how well. */
import { studioDb, type RunRecord } from './db';
import { newId } from './ids';
import { getRecord, newestFirst } from './records';

export type { RunRecord };

export type NewRun = Omit<RunRecord, 'id' | 'best' | 'createdAt'> & { createdAt?: string };

export async function saveRun(run: NewRun): Promise<RunRecord> {
  const record: RunRecord = { ...structuredClone(run), id: newId(), best: false, createdAt: run.createdAt ?? new Date().toISOString() };
  const db = await studioDb();
  await db.put('runs', record);
  return record;
}

/** All runs, newest first. */
export function listRuns(): Promise<RunRecord[]> {
  return newestFirst('runs', 'createdAt');
}

export function getRun(id: string): Promise<RunRecord | undefined> {
  return getRecord('runs', id);
}

/**
 * Mark one run as the best of its pipeline (or clear the mark with best = false). At most one run
 * per pipeline is marked; the change is one transaction.
 */
export async function markBestRun(id: string, best = true): Promise<void> {
  const db = await studioDb();
  const tx = db.transaction('runs', 'readwrite');
  const run = await tx.store.get(id);
  if (!run) {
    tx.abort();
    await tx.done.catch(() => undefined);
    throw new Error('That run is no longer stored');
  }
  if (best) {
    for (const other of await tx.store.getAll()) {
      if (other.id !== id && other.best && other.pipelineName === run.pipelineName) await tx.store.put({ ...other, best: false });
    }
  }
  await tx.store.put({ ...run, best });
  await tx.done;
}

export async function deleteRun(id: string): Promise<void> {
  const db = await studioDb();
  await db.delete('runs', id);
}
