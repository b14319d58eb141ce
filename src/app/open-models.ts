/**
 * Engine calls on a saved model, by its record id: the model file crosses to the worker once (the
 * worker validates and keeps it open), and again only when the worker has let it go.
 */
import { MODEL_NOT_OPEN } from '../engine/protocol';
import { getBundle } from '../store/models';
import { engineApi } from './engine';

type Api = ReturnType<typeof engineApi>;

async function open(api: Api, id: string, name: string): Promise<void> {
  const bytes = await getBundle(id);
  if (!bytes) throw new Error(`the file of ${name} is no longer stored`);
  await api.openModel(id, bytes);
}

/** Run `call` on the model open in the engine under `id`, opening it first when the engine does not hold it. */
export async function withOpenModel<T>(model: { id: string; name: string }, call: (api: Api, id: string) => Promise<T>): Promise<T> {
  const api = engineApi();
  try {
    return await call(api, model.id);
  } catch (error) {
    if (!(error instanceof Error && error.name === MODEL_NOT_OPEN)) throw error;
  }
  await open(api, model.id, model.name);
  return call(api, model.id);
}
