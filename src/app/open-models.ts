/**
 * Engine calls on a saved model, by its record id: the model file crosses to the worker once (the
 * worker validates and keeps it open), and again only when the worker has let it go.
 */
import { MODEL_NOT_OPEN } from '../engine/protocol';
import type { EngineCalls } from './engine';

/** What opening a saved model takes: the engine, and the stored file by model id (store/models' getBundle). */
export interface OpenModelDeps<E extends Pick<EngineCalls, 'openModel'>> {
  engine: () => E;
  getBundle: (id: string) => Promise<Uint8Array | undefined>;
}

/** Run `call` on the model open in the engine under `id`, opening it first when the engine does not hold it. */
export async function withOpenModel<E extends Pick<EngineCalls, 'openModel'>, T>(
  deps: OpenModelDeps<E>,
  model: { id: string; name: string },
  call: (api: E, id: string) => Promise<T>,
): Promise<T> {
  const api = deps.engine();
  try {
    return await call(api, model.id);
  } catch (error) {
    if (!(error instanceof Error && error.name === MODEL_NOT_OPEN)) throw error;
  }
  const bytes = await deps.getBundle(model.id);
  if (!bytes) throw new Error(`the file of ${model.name} is no longer stored`);
  await api.openModel(model.id, bytes);
  return call(api, model.id);
}
