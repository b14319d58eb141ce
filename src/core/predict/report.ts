/** What a prediction file looks like next to the data a model was trained on. */
import type { ColumnKind } from '../table/table';

export type DriftLevel = 'none' | 'moderate' | 'major';

export interface PredictionReport {
  rows: number;
  /** Input columns the file lacks: scoring is impossible without them. */
  missingColumns: { name: string; kind: ColumnKind }[];
  /** Columns the model does not read; they are carried through to the output untouched. */
  extraColumns: string[];
  /** Columns read as another kind than in training; `convertible` when they can still be read as the trained kind. */
  kindMismatches: { name: string; expected: ColumnKind; found: ColumnKind; convertible: boolean; example?: string; where?: string }[];
  /**
   * Categories never seen in training (they encode as all zeros), with how many rows hold them.
   * `values` lists the most frequent ones (at most 20); `distinct` counts them all.
   */
  unseenCategories: { name: string; values: string[]; rows: number; distinct?: number }[];
  /** Numeric values outside the training range, counted below and above it. */
  outOfRange: { name: string; min: number; max: number; below: number; above: number }[];
  /**
   * Population stability index per feature, worst first (< 0.1 none, 0.1–0.25 moderate, > 0.25 major).
   * `values` is how many non-missing values of the file it was computed on: on a few dozen, PSI is noise.
   */
  drift: { name: string; psi: number; level: DriftLevel; values?: number }[];
  /** Why scoring cannot go ahead (empty when it can). */
  blocking: string[];
  /** Problems a person may accept before scoring, in words. */
  warnings: string[];
}
