/** A data-quality warning and the pipeline edit that fixes it. */
import type { ParamValue } from '../values';

export type WarningKind =
  | 'constant'
  | 'mostly_missing'
  | 'identifier'
  | 'duplicates'
  | 'stray_text'
  | 'high_cardinality'
  | 'imbalance'
  | 'leakage'
  | 'numeric_codes'
  | 'personal_data';

export type QualityFix =
  /** Insert this step right after the source. */
  | { type: 'step'; kind: string; params: Record<string, ParamValue>; label: string }
  /** Set this parameter on every model node whose kind has it. */
  | { type: 'model_param'; param: string; value: ParamValue; label: string };

export interface WarningExample {
  /** 0-based table row. */
  row: number;
  /** The file line the row begins on, when the table was read from one file (table.ts, SourceLines). */
  line?: number;
  value: string;
}

export interface QualityWarning {
  /** Stable within one profile: the kind and the columns. */
  id: string;
  kind: WarningKind;
  severity: 'high' | 'medium' | 'low';
  columns: string[];
  message: string;
  /** Cells or rows that show the problem. */
  examples?: WarningExample[];
  /** Absent when no single pipeline step fixes it; `message` then says what to do. */
  fix?: QualityFix;
  /** Other fixes offered beside `fix` (personal data: hash the column instead of leaving it out). */
  alternatives?: QualityFix[];
}
