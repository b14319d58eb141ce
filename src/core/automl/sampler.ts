/**
 * The candidates of a search, by number. The first ones are each kind's defaults (cheapest kind
 * first), so that the proposed pipeline's own model is always among them and strong defaults are
 * measured before anything random; then random candidates. Candidate i depends on the seed and i
 * alone (its own generator, seeded from both), never on what was drawn before it: the same seed
 * gives the same candidates whatever order they are evaluated in.
 */
import { seededRng } from '../random';
import type { ParamValue } from '../values';
import { drawParams, SEARCH_SPACE, startParams, type SpaceContext } from './space';

export interface Candidate {
  index: number;
  kind: string;
  /** The parameters it sets; the kind's defaults fill the rest. */
  params: Record<string, ParamValue>;
}

/** A 32-bit seed for candidate `index` of a search seeded `seed` (a multiplicative hash of both, as splitmix mixes). */
function candidateSeed(seed: number, index: number): number {
  let h = Math.imul(seed >>> 0, 0x9e3779b1) ^ Math.imul(index + 1, 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  return (h ^ (h >>> 16)) >>> 0;
}

/** Candidate `index` among `kinds` (in the order their defaults come first). */
export function candidateAt(index: number, kinds: readonly string[], seed: number, context: SpaceContext): Candidate {
  if (kinds.length === 0) throw new Error('AutoML needs at least one model kind to try');
  if (index < kinds.length) return { index, kind: kinds[index], params: startParams(kinds[index], context) };
  const rng = seededRng(candidateSeed(seed, index));
  const total = kinds.reduce((sum, k) => sum + SEARCH_SPACE[k].weight, 0);
  let pick = rng() * total;
  const kind = kinds.find((k) => (pick -= SEARCH_SPACE[k].weight) < 0) ?? kinds[kinds.length - 1];
  return { index, kind, params: drawParams(kind, context, rng) };
}
