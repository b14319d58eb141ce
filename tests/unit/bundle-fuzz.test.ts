/**
 * Fuzzing the model-file reader: real model files (a network and a state model, trained here on a
 * small table) cut short, with bytes flipped, or with a zip entry replaced, are refused with a
 * BundleError, never another error, a crash or a hang. A change that misses everything the reader
 * uses (a zip timestamp, say) may be read, and must then give back exactly the model written. And
 * importing a refused file into the model registry (IndexedDB, here fake-indexeddb) stores nothing.
 */
import 'fake-indexeddb/auto';
import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { IDBFactory } from 'fake-indexeddb';
import { unzipSync, zipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { BundleError, readBundle, writeBundle } from '../../src/core/bundle/bundle';
import { defaultPipeline } from '../../src/core/pipeline/default';
import type { FittedPipeline } from '../../src/core/pipeline/fitted';
import { runFirstModel } from '../../src/core/pipeline/run';
import { sha256Hex } from '../../src/core/hash';
import { modelInfoOf, type ModelInfo } from '../../src/core/bundle/model-info';
import { closeStudioDb, studioDb } from '../../src/store/db';
import { importModel, listModels } from '../../src/store/models';
import { fuzzParameters } from './fuzz';
import { twoClassTable } from './fixtures/two-class-table';

const table = twoClassTable;

const models: Record<string, { fitted: FittedPipeline; bytes: Uint8Array }> = {};

beforeAll(async () => {
  await tf.setBackend('cpu');
  for (const kind of ['gaussian_nb', 'knn']) {
    const { fitted } = await runFirstModel(defaultPipeline('y', 'classification', kind), table, { dataset: { name: 't.csv', sha256: 'ab'.repeat(32) } });
    models[kind] = { fitted, bytes: await writeBundle(fitted) };
  }
});

/** The file read back, or the error it was refused with. */
async function outcome(bytes: Uint8Array): Promise<{ fitted: FittedPipeline } | { error: unknown }> {
  try {
    return await readBundle(bytes);
  } catch (error) {
    return { error };
  }
}

async function expectRefusedOrIntact(kind: string, damaged: Uint8Array): Promise<void> {
  const result = await outcome(damaged);
  if ('error' in result) {
    expect(result.error, String(result.error)).toBeInstanceOf(BundleError);
    expect((result.error as Error).message).toMatch(/^Not a valid Pipeline Studio model file: ./);
  } else {
    expect(result.fitted).toEqual(models[kind].fitted);
  }
}

const kinds = fc.constantFrom('gaussian_nb', 'knn');

describe('a damaged model file', () => {
  it('cut short anywhere is refused with a BundleError', async () => {
    await fc.assert(
      fc.asyncProperty(kinds, fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), async (kind, share) => {
        const { bytes } = models[kind];
        const result = await outcome(bytes.slice(0, Math.floor(share * bytes.length)));
        expect('error' in result && result.error instanceof BundleError, String('error' in result && result.error)).toBe(true);
      }),
      { ...fuzzParameters(300), timeout: 10_000 },
    );
  });

  it('with bytes flipped is refused with a BundleError, or reads as the model written', async () => {
    await fc.assert(
      fc.asyncProperty(kinds, fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), fc.integer({ min: 1, max: 255 })), { minLength: 1, maxLength: 4 }), async (kind, flips) => {
        const damaged = models[kind].bytes.slice();
        for (const [at, mask] of flips) damaged[Math.floor(at * damaged.length)] ^= mask;
        await expectRefusedOrIntact(kind, damaged);
      }),
      { ...fuzzParameters(600), timeout: 10_000 },
    );
  });

  it('with a zip entry replaced by other bytes is refused with a BundleError', async () => {
    const replacement = fc.oneof(
      fc.uint8Array({ maxLength: 200 }),
      fc.jsonValue().map((v) => new TextEncoder().encode(JSON.stringify(v))),
      fc.constant(new Uint8Array(0)),
    );
    await fc.assert(
      fc.asyncProperty(kinds, fc.nat(), replacement, async (kind, pick, content) => {
        const files = unzipSync(models[kind].bytes);
        const names = Object.keys(files).sort();
        const name = names[pick % names.length];
        // The same bytes would be no change at all.
        fc.pre(content.length !== files[name].length || content.some((b, i) => b !== files[name][i]));
        files[name] = content;
        const result = await outcome(zipSync(files));
        expect('error' in result && result.error instanceof BundleError, `${name}: ${'error' in result ? String(result.error) : 'accepted'}`).toBe(true);
      }),
      { ...fuzzParameters(300), timeout: 10_000 },
    );
  });
});

/** What the engine tells the registry of a model file it reads (engine.worker.ts, inspectModel). */
async function inspect(bytes: Uint8Array): Promise<ModelInfo> {
  return modelInfoOf({ ...(await readBundle(bytes)), sha256: await sha256Hex(bytes) });
}

describe('importing a damaged model file into the registry', () => {
  it('stores nothing, neither the record nor the bytes, and the intact file is then stored once', async () => {
    globalThis.indexedDB = new IDBFactory();
    try {
      const db = await studioDb();
      // Files that are still valid after the damage (a flip that misses everything read) are stored; nothing else is.
      let stored = 0;
      await fc.assert(
        fc.asyncProperty(kinds, fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), fc.boolean(), async (kind, at, cut) => {
          const damaged = models[kind].bytes.slice();
          if (cut) damaged.subarray(Math.floor(at * damaged.length)).fill(0);
          else damaged[Math.floor(at * damaged.length)] ^= 0x5a;
          const refusal = await importModel(damaged, inspect).then(
            () => undefined,
            (error: unknown) => error,
          );
          if (refusal === undefined) stored++;
          else expect(refusal).toBeInstanceOf(BundleError);
          expect(await db.count('models')).toBe(stored);
          expect(await db.count('bundles')).toBe(stored);
        }),
        { ...fuzzParameters(60), timeout: 10_000 },
      );
      await importModel(models.knn.bytes, inspect);
      expect(await listModels()).toHaveLength(stored + 1);
      expect(await db.count('bundles')).toBe(stored + 1);
    } finally {
      await closeStudioDb();
    }
  });
});
