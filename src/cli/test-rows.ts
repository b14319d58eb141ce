/** `--test-rows`: an array of 0-based data-row indices, or the shared NAME.test-idx.json object. */
export async function readTestRows(path: string, read: (path: string, what: string) => Promise<Uint8Array>) {
  const text = new TextDecoder().decode(await read(path, 'test-rows file'));
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new Error(`${path}: not JSON; expected an array of row indices or {"test_indices": [...]}`);
  }
  const isIndexList = (v: unknown): v is number[] => Array.isArray(v) && v.every((i) => Number.isInteger(i) && i >= 0);
  if (isIndexList(raw)) return { test: raw };
  if (typeof raw === 'object' && raw !== null && isIndexList((raw as { test_indices?: unknown }).test_indices)) {
    const { test_indices, train_indices } = raw as { test_indices: number[]; train_indices?: unknown };
    if (train_indices !== undefined && !isIndexList(train_indices)) throw new Error(`${path}: train_indices must be an array of 0-based row indices`);
    return { test: test_indices, train: train_indices };
  }
  throw new Error(`${path}: expected an array of 0-based row indices or an object with "test_indices"`);
}
