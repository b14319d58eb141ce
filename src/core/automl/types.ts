/** What an AutoML search reports while it runs and when it ends: types only, shared by the engine, the page and the CLI. */
import type { PipelineSpec } from '../pipeline/spec';
import type { ParamValue, Task } from '../values';
import type { SearchMetric } from './settings';

/** One candidate on the leaderboard: a model kind with its parameters, at the highest rung it reached. */
export interface TrialEntry {
  /** The candidate's number: candidates are numbered in the order they are drawn. */
  index: number;
  kind: string;
  params: Record<string, ParamValue>;
  /** The rung it reached (0-based; the last rung trains on all the training rows of each fold). */
  rung: number;
  /** Training rows per fold at that rung. */
  rows: number;
  /** The metric's mean and standard deviation over the validation folds, at that rung. */
  score?: number;
  std?: number;
  /** Compute seconds of that evaluation: every fold's fit and scoring, added up. */
  seconds: number;
  /** Why it has no score: its fit failed, or time ran out or the search was cancelled while it ran. */
  error?: string;
}

/** The search's schedule, announced before the first candidate. */
export interface SearchPlan {
  metric: SearchMetric;
  lowerIsBetter: boolean;
  /** In words: "5-fold cross-validation on 275 training rows", "a 20% holdout of 16,000 training rows". */
  validation: string;
  folds: number;
  /**
   * Each rung's share of a fold's training rows, that many rows, and the folds it scores on; the
   * last is the full fold, on every fold (repeated deals too).
   */
  rungs: { share: number; rows: number; folds: number }[];
  /** Each rung keeps the best 1/eta of the candidates of the rung below. */
  eta: number;
  kinds: string[];
  /** A time budget in seconds, or a fixed number of candidates. */
  budgetSeconds?: number;
  trials?: number;
}

/** The best full-rung score so far, when it improved. */
export interface BestPoint {
  seconds: number;
  score: number;
  index: number;
}

export type AutomlEvent =
  | { type: 'plan'; plan: SearchPlan }
  /** A candidate finished (or failed) a rung: its leaderboard row, replacing the one of its lower rung. */
  | { type: 'trial'; entry: TrialEntry }
  | { type: 'best'; point: BestPoint }
  | { type: 'progress'; fraction: number; message: string }
  | { type: 'log'; message: string };

export interface AutomlResult {
  task: Task;
  target: string;
  plan: SearchPlan;
  /** Every candidate at the highest rung it reached: higher rungs first, then by score; failed ones last. */
  leaderboard: TrialEntry[];
  /** The winner's entry (a soft-voting ensemble when that scored better than the best single model). */
  best: TrialEntry;
  /** The winner as an ordinary pipeline: its preprocessing, the split, the model and evaluate. */
  winner: PipelineSpec;
  /** The best full-rung score over time. */
  history: BestPoint[];
  /** Candidates evaluated on at least one rung. */
  trials: number;
  seconds: number;
  /** Why it stopped: every candidate done, the time budget spent, or cancelled (the best so far is kept). */
  stopped: 'complete' | 'budget' | 'cancelled';
  /** What the user should know: fewer folds than asked, a winner from a lower rung, the ensemble skipped. */
  messages: string[];
}
