/**
 * How a dataset's file is read: what the reader found about how it is written, and what the user
 * changed about it. Stored with each dataset (store/), shown and edited on the page (ui/, app/) and
 * applied on every parse of the file (engine/): so they live here, on the ground floor.
 */
import type { Role } from '../roles/roles';
import type { ColumnKind } from '../table/table';
import type { DialectOverrides } from './dialect';

/** How a CSV file is written: what the reader detected, or what the user told it. */
export interface DatasetDialect {
  delimiter: string;
  quoteChar: string;
  escapeChar: string;
  header: boolean;
  /** As people name it: 'UTF-8', 'UTF-16LE', 'windows-1252'. */
  encoding: string;
  /** Whether the file starts with a byte order mark. */
  bom: boolean;
  lineEnding: 'LF' | 'CRLF' | 'CR';
}

/** What the user changed about how a dataset is read; applied on every parse of its file. */
export interface DatasetOverrides {
  dialect?: DialectOverrides;
  /** Cells read as missing in numeric columns (the reader's defaults when absent). */
  missingTokens?: string[];
  /** Columns read as another kind, by name. */
  kinds?: Record<string, ColumnKind>;
  /** Columns left out of the table. */
  excluded?: string[];
  /**
   * Roles the person chose for columns, by name (roles/roles.ts): the default pipeline follows them.
   * They do not change how the file is read.
   */
  roles?: Record<string, Role>;
}
