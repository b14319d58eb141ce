/**
 * Which values of a side-by-side row are best (comparing models, comparing runs): every one that
 * reaches the best value, or none when they all tie, since a tie has no best. A missing or non-finite
 * value is no measurement, so it is never best and does not break a tie.
 */
export function bestIndexes(values: readonly (number | undefined)[], lowerIsBetter: boolean): number[] {
  const measured = values.filter((v): v is number => v !== undefined && Number.isFinite(v));
  const target = lowerIsBetter ? Math.min(...measured) : Math.max(...measured);
  if (measured.every((v) => v === target)) return [];
  return values.flatMap((v, i) => (v === target ? [i] : []));
}
