/** The reads every store of the studio's database makes alike: one record by key, all of them newest first. */
import type { IndexNames, StoreKey, StoreNames, StoreValue } from 'idb';
import { studioDb, type StudioDB } from './db';

/** The record under `key`, or undefined when there is none. */
export async function getRecord<Name extends StoreNames<StudioDB>>(store: Name, key: StoreKey<StudioDB, Name>): Promise<StoreValue<StudioDB, Name> | undefined> {
  const db = await studioDb();
  return db.get(store, key);
}

/** Every record of a store, newest first by one of its time indexes (ISO times sort as text). */
export async function newestFirst<Name extends StoreNames<StudioDB>>(store: Name, timeIndex: IndexNames<StudioDB, Name>): Promise<StoreValue<StudioDB, Name>[]> {
  const db = await studioDb();
  const all = await db.getAllFromIndex(store, timeIndex);
  return all.reverse();
}
