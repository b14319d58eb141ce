import { describe, expect, it } from 'vitest';
import { createDatasetRunCache } from '../../src/engine/run-cache';

/** A stand-in for the library's evictions: evict(id) tells every subscriber. */
function evictions() {
  const listeners: ((id: string) => void)[] = [];
  return { subscribe: (l: (id: string) => void) => listeners.push(l), evict: (id: string) => listeners.forEach((l) => l(id)) };
}

const entry = (name: string) => ({ kind: 'table' as const, table: { rowCount: 1, columns: [{ name, kind: 'numeric' as const, values: new Float64Array([1]) }] }, notices: [] });

describe('the run cache and evicted datasets', () => {
  it('is emptied when a dataset its entries were computed from is evicted, and only then', () => {
    const { subscribe, evict } = evictions();
    const { cache, reading } = createDatasetRunCache(subscribe);
    const done = reading(['a', 'b']);
    cache.set('k1', entry('x'));
    done();
    evict('c');
    expect(cache.get('k1')).toEqual(entry('x'));
    evict('b');
    expect(cache.get('k1')).toBeUndefined();
    // Nothing left that 'a' was read for: its eviction changes nothing for a later entry.
    reading(['c'])();
    cache.set('k2', entry('y'));
    evict('a');
    expect(cache.get('k2')).toEqual(entry('y'));
  });

  it('drops what a run cached after one of its datasets was evicted while it ran', () => {
    const { subscribe, evict } = evictions();
    const { cache, reading } = createDatasetRunCache(subscribe);
    const done = reading(['a']);
    cache.set('before', entry('x'));
    evict('a');
    expect(cache.get('before')).toBeUndefined();
    // The run goes on with the table it holds, and caches more that is derived from it.
    cache.set('after', entry('y'));
    done();
    expect(cache.get('after')).toBeUndefined();
  });

  it("keeps a run's datasets listed when another dataset's eviction emptied the cache while it ran", () => {
    const { subscribe, evict } = evictions();
    const { cache, reading } = createDatasetRunCache(subscribe);
    reading(['old'])();
    const done = reading(['a']);
    evict('old');
    cache.set('k', entry('x'));
    done();
    expect(cache.get('k')).toEqual(entry('x'));
    evict('a');
    expect(cache.get('k')).toBeUndefined();
  });
});
