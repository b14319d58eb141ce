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

/** A fast 53-bit string hash (cyrb53), as hex: cache keys need to be short, not secret. */
export function hashKey(...parts: unknown[]): string {
  const text = JSON.stringify(parts);
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(16);
}
