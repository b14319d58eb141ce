/**
 * Node outputs kept between runs, keyed by a hash of the node's parameters and its inputs' keys
 * (as Kubeflow and TFX cache components): changing a model's learning rate re-runs only the model.
 * The engine keeps one cache per worker; the CLI runs without one.
 */
export class NodeCache<T> {
  readonly #entries = new Map<string, T>();

  constructor(private readonly capacity = 32) {}

  get(key: string): T | undefined {
    const hit = this.#entries.get(key);
    if (hit !== undefined) {
      // Map order is the eviction order: a hit becomes the newest entry.
      this.#entries.delete(key);
      this.#entries.set(key, hit);
    }
    return hit;
  }

  set(key: string, value: T): void {
    this.#entries.delete(key);
    this.#entries.set(key, value);
    while (this.#entries.size > this.capacity) this.#entries.delete(this.#entries.keys().next().value as string);
  }

  clear(): void {
    this.#entries.clear();
  }
}

/** cyrb53 over a sequence of 32-bit units, as hex: cache keys need to be short, not secret. */
function cyrb53(length: number, unit: (i: number) => number): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < length; i++) {
    const ch = unit(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(16);
}

/** A fast 53-bit hash of JSON-able parts. */
export function hashKey(...parts: unknown[]): string {
  const text = JSON.stringify(parts);
  return cyrb53(text.length, (i) => text.charCodeAt(i));
}

/** The same hash of a list of row indices, read in place: a split's millions of rows never become JSON. */
export function hashRows(rows: Int32Array): string {
  return cyrb53(rows.length, (i) => rows[i]);
}
