/** Seeded row sampling: per-tree seeds, bootstrap samples and the stratified validation split. */
import { seededRng, shuffleInPlace, type Rng } from '../../random';

/**
 * A seed for tree `index` of a model seeded `seed` (a 32-bit mix of both), so that each tree's
 * randomness depends only on its index: the same forest whatever the number of workers.
 */
export function treeSeed(seed: number, index: number): number {
  let h = Math.imul((seed >>> 0) ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(index + 1, 0xc2b2ae35);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** How many times each of n rows is drawn in n draws with replacement (scikit-learn's bootstrap). */
export function bootstrapCounts(rng: Rng, n: number): Uint16Array {
  const counts = new Uint16Array(n);
  for (let i = 0; i < n; i++) counts[Math.floor(rng() * n)]++;
  return counts;
}

/**
 * Train and validation rows, as scikit-learn's train_test_split(test_size=fraction, stratify=y):
 * ceil(fraction · n) validation rows, each class represented in proportion (largest remainders),
 * though never a class's last row. `classes` absent = no stratification (regression).
 */
export function validationSplit(n: number, fraction: number, seed: number, y?: Int32Array, classes = 0): { train: Int32Array; validation: Int32Array } {
  const rng = seededRng(seed);
  const wanted = Math.ceil(fraction * n);
  const groups: number[][] = y ? Array.from({ length: classes }, () => []) : [[]];
  for (let i = 0; i < n; i++) groups[y ? y[i] : 0].push(i);
  const share = groups.map((g) => (wanted * g.length) / n);
  const take = share.map((s, k) => Math.min(Math.floor(s), Math.max(0, groups[k].length - 1)));
  let missing = wanted - take.reduce((a, b) => a + b, 0);
  const byRemainder = groups.map((_, k) => k).sort((a, b) => share[b] - Math.floor(share[b]) - (share[a] - Math.floor(share[a])) || groups[b].length - groups[a].length);
  for (const k of byRemainder) {
    if (missing === 0) break;
    if (take[k] < groups[k].length - 1) {
      take[k]++;
      missing--;
    }
  }
  const isValidation = new Uint8Array(n);
  groups.forEach((g, k) => {
    const rows = shuffleInPlace(Int32Array.from(g), rng);
    for (let i = 0; i < take[k]; i++) isValidation[rows[i]] = 1;
  });
  const validation: number[] = [];
  const train: number[] = [];
  for (let i = 0; i < n; i++) (isValidation[i] ? validation : train).push(i);
  return { train: Int32Array.from(train), validation: Int32Array.from(validation) };
}
