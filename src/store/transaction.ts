/** Writes that span several object stores: all of them land, or none does. */
import type { IDBPTransaction, StoreNames } from 'idb';
import { studioDb, type StudioDB } from './db';

const noop = () => undefined;

/** Whether an error (or a transaction's error) says that storage is full. */
export function isQuotaError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const e = error as { name?: unknown; code?: unknown };
  return e.name === 'QuotaExceededError' || e.name === 'NS_ERROR_DOM_QUOTA_REACHED' || e.code === 22;
}

/** Start a request whose failure is handled by the transaction, so it never goes unhandled. */
export function quiet<T>(request: Promise<T>): Promise<T> {
  request.catch(noop);
  return request;
}

/**
 * Run `body` in one read-write transaction over `stores` and wait until it commits. When anything
 * fails the transaction is aborted, so none of its writes land; a full disk is rethrown as the
 * quota error itself (see isQuotaError).
 */
export async function inTransaction<S extends StoreNames<StudioDB>, T>(stores: S[], body: (tx: IDBPTransaction<StudioDB, S[], 'readwrite'>) => Promise<T>): Promise<T> {
  const db = await studioDb();
  const tx = db.transaction(stores, 'readwrite');
  const done = tx.done;
  done.catch(noop);
  try {
    const result = await body(tx);
    await done;
    return result;
  } catch (error) {
    // A quota failure surfaces as the transaction's error, the requests only saying 'AbortError'.
    const cause = isQuotaError(error) ? error : isQuotaError(tx.error) ? tx.error : error;
    try {
      tx.abort();
    } catch {
      // Already aborted or finished.
    }
    await done.catch(noop);
    throw cause;
  }
}
