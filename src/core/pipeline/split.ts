/** Train/test row assignment: seeded, stratified by class for classification (DESIGN.md: split node). */
import { resolveParams, type ParamsSchema } from '../params';
import type { ParamValue } from './spec';
import { seededRng, shuffleInPlace } from '../random';

export const splitParams: ParamsSchema = {
  test_fraction: { type: 'number', label: 'Test fraction', default: 0.2, min: 0.05, max: 0.95 },
  stratify: { type: 'boolean', label: 'Stratify by class', default: true },
  seed: { type: 'number', label: 'Seed', default: 42, integer: true, min: 0 },
};

export interface RowSplit {
  train: Int32Array;
  test: Int32Array;
}

/**
 * `rows` are the labelled rows; `groups` gives each row's class when stratifying. Each class
 * contributes round(n_class × fraction) test rows, at least one when it has two or more rows.
 */
export function splitRows(rows: Int32Array, groups: Int32Array | null, values: Record<string, ParamValue>, seedOverride?: number): RowSplit {
  const p = resolveParams<{ test_fraction: number; stratify: boolean; seed: number }>(splitParams, values);
  const rng = seededRng(seedOverride ?? p.seed);
  const buckets = new Map<number, number[]>();
  rows.forEach((row, i) => {
    const key = p.stratify && groups ? groups[i] : 0;
    const bucket = buckets.get(key) ?? [];
    bucket.push(row);
    buckets.set(key, bucket);
  });
  const train: number[] = [];
  const test: number[] = [];
  for (const key of [...buckets.keys()].sort((a, b) => a - b)) {
    const bucket = Int32Array.from(buckets.get(key) ?? []);
    shuffleInPlace(bucket, rng);
    let take = Math.round(bucket.length * p.test_fraction);
    if (take === 0 && bucket.length >= 2) take = 1;
    test.push(...bucket.subarray(0, take));
    train.push(...bucket.subarray(take));
  }
  const ascending = (a: number, b: number) => a - b;
  return { train: Int32Array.from(train.sort(ascending)), test: Int32Array.from(test.sort(ascending)) };
}
