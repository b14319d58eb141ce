/** Which models the search's soft-voting ensemble combines, and what fitting them on the full rung costs. tfjs-free. */
import { VOTING_KIND } from '../models/descriptors/voting';
import { keepsTrainingRows } from '../models/kinds';
import { rankEntries } from './leaderboard';
import type { TrialEntry } from './types';

/** Soft voting combines at most this many models, each the best of its kind. */
const ENSEMBLE_MEMBERS = 3;

export interface MemberLimits {
  /** The rungs' rows per fold and folds; the last is the full rung. */
  rungs: readonly { rows: number; folds: number }[];
  lowerIsBetter: boolean;
  /** Folds evaluated at once (the pool's workers, at most the folds). */
  parallel: number;
  /** With a budget: the most seconds the members' full-rung evaluation may take. */
  seconds?: number;
}

/**
 * Seconds a candidate's evaluation on the full rung would take: its own where it got there, else
 * its measured seconds scaled by the rows and folds the full rung fits over those of its rung.
 */
export function fullRungSeconds(e: TrialEntry, rungs: MemberLimits['rungs']): number {
  const [at, full] = [rungs[e.rung], rungs[rungs.length - 1]];
  return (e.seconds * full.rows * full.folds) / (at.rows * at.folds);
}

/** Seconds the ensemble's evaluation would take: its members' fits on the full rung, their folds spread over the workers. */
export function ensembleSeconds(members: readonly TrialEntry[], limits: MemberLimits): number {
  return members.reduce((a, m) => a + fullRungSeconds(m, limits.rungs), 0) / limits.parallel;
}

/**
 * The best candidate of each kind, best first (the higher rung first, then the score: the
 * leaderboard's order), up to three; with a budget, only those whose fits on the full rung together
 * take at most `limits.seconds`. None unless the first was validated on the full rung.
 *
 * A kind need not have reached the full rung: halving ranks kinds on a share of the rows, where a
 * forest, whose accuracy grows with the rows more than boosting's, can trail (letter: the forest's
 * defaults eleventh of 18 candidates at a third of the rows, 0.915 against boosting's best 0.917, so
 * no second kind ever reached the full rung and there was no ensemble; with the forest in, the
 * ensemble scored 0.9715 on the test rows against boosting's 0.9663). The ensemble's own evaluation
 * fits every member on the full rung, and it wins only by scoring better there than every single
 * model. Kinds that keep their training rows in the model file (kNN) stay out: an ensemble the
 * search proposes should not make the file carry data rows for a share of the vote.
 */
export function ensembleMembers(entries: Iterable<TrialEntry>, limits: MemberLimits): TrialEntry[] {
  const top = limits.rungs.length - 1;
  const ranked = rankEntries(
    [...entries].filter((e) => e.score !== undefined && e.kind !== VOTING_KIND && !keepsTrainingRows(e.kind, e.params)),
    limits.lowerIsBetter,
  );
  const members: TrialEntry[] = [];
  for (const e of ranked) {
    if (members.length === ENSEMBLE_MEMBERS || members.some((m) => m.kind === e.kind)) continue;
    if (limits.seconds !== undefined && ensembleSeconds([...members, e], limits) > limits.seconds) continue;
    members.push(e);
  }
  return members[0]?.rung === top ? members : [];
}
