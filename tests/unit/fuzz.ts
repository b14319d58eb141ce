/**
 * Settings the fuzz tests share: a fixed seed in CI (so a red build replays), a fresh one elsewhere
 * unless FUZZ_SEED names one (fast-check prints the seed of any failure, to replay it with FUZZ_SEED).
 */
import type fc from 'fast-check';

export function fuzzParameters<T>(numRuns: number): fc.Parameters<T> {
  const given = process.env.FUZZ_SEED;
  const seed = given !== undefined ? Number(given) : process.env.CI ? 20_261_203 : undefined;
  return { numRuns, ...(seed !== undefined ? { seed } : {}) };
}
