/**
 * A column's role: what the default pipeline does with it, decided before any model sees the data
 * (infer.ts), shown per column and overridable by the person (stored with the dataset's overrides).
 * Types and labels only, so the page can import them for nothing.
 */
import type { DateFormat } from '../table/date-formats';
import type { ColumnKind } from '../table/table';

export const ROLES = ['numeric', 'category', 'high_cardinality', 'date', 'text', 'identifier', 'constant', 'ignore'] as const;
export type Role = (typeof ROLES)[number];

/** What the Role select shows. */
export const ROLE_LABELS: Record<Role, string> = {
  numeric: 'Number',
  category: 'Category',
  high_cardinality: 'Category, many values',
  date: 'Date',
  text: 'Free text',
  identifier: 'Identifier (left out)',
  constant: 'Constant (left out)',
  ignore: 'Left out',
};

/** Roles whose columns the default pipeline drops. */
export const LEFT_OUT: ReadonlySet<Role> = new Set<Role>(['identifier', 'constant', 'ignore']);

export interface ColumnRole {
  name: string;
  /** The column's kind as read (before any cast the role asks for). */
  kind: ColumnKind;
  role: Role;
  /** One line saying why (for a chosen role: that it was chosen, and what was inferred). */
  reason: string;
  /** Dates held as text or eight-digit numbers: the format they are written in. */
  dateFormat?: DateFormat;
  /** Why the column is suspected of leaking the target, when it is: a warning, the column stays in. */
  leak?: string;
  /** The role inference gave, when the person chose another one. */
  inferred?: Role;
}

/** A person's choices (by column name) over the inferred roles; choices of columns the table lacks are ignored. */
export function withRoleChoices(inferred: readonly ColumnRole[], choices: Readonly<Record<string, Role>> | undefined): ColumnRole[] {
  return inferred.map((r) => {
    const chosen = choices?.[r.name];
    if (chosen === undefined || chosen === r.role) return r;
    return { ...r, role: chosen, inferred: r.role, reason: `chosen by you (inferred: ${ROLE_LABELS[r.role].toLowerCase()}, ${r.reason})` };
  });
}
