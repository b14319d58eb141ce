/**
 * Soft voting: several models fitted on the same preprocessed features, their class probabilities
 * (or predicted values) averaged, as scikit-learn's VotingClassifier(voting='soft') and
 * VotingRegressor. Its members are listed in one parameter, a JSON list of {kind, params}, so that
 * an ensemble stays an ordinary single-branch pipeline. It takes the most demanding members'
 * inputs: imputed, encoded and scaled numbers (trees read those as well as raw columns).
 */
import { paramProblems } from '../../params';
import type { ParamValue, Task } from '../../values';
import type { ModelDescriptor } from '../contract';
import { NUMERIC_INPUTS } from './inputs';

export interface VotingMember {
  kind: string;
  params: Record<string, ParamValue>;
}

export const VOTING_KIND = 'voting';

/** The members when a node lists none: as any kind's parameter, an absent one takes its default. */
const DEFAULT_MEMBERS = JSON.stringify([
  { kind: 'hist_gradient_boosting', params: {} },
  { kind: 'random_forest', params: {} },
]);

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The members a `members` parameter lists, or the problems that keep it from being a valid list for
 * `task` (without a task, what each member can do is not checked). `findKind` is the registry's
 * lookup (passed in: the registry imports this module).
 */
export function readMembers(value: ParamValue | undefined, task: Task | undefined, findKind: (kind: string) => ModelDescriptor | undefined): { members: VotingMember[]; problems: string[] } {
  let raw: unknown;
  try {
    raw = JSON.parse(String(value ?? DEFAULT_MEMBERS));
  } catch (e) {
    return { members: [], problems: [`members is not JSON (${(e as Error).message}): write a list of {"kind": …, "params": {…}}`] };
  }
  if (!Array.isArray(raw) || raw.length < 2) return { members: [], problems: ['members must list two or more models, each {"kind": …, "params": {…}}'] };
  const problems: string[] = [];
  const members: VotingMember[] = [];
  raw.forEach((entry, i) => {
    const at = `member ${i + 1}`;
    if (!isObject(entry) || typeof entry.kind !== 'string' || !(entry.params === undefined || isObject(entry.params))) {
      problems.push(`${at} must be {"kind": …, "params": {…}}`);
      return;
    }
    const kind = findKind(entry.kind);
    const params = (entry.params ?? {}) as Record<string, ParamValue>;
    if (!kind) problems.push(`${at}: unknown model kind "${entry.kind}"`);
    else if (kind.kind === VOTING_KIND) problems.push(`${at}: a voting model cannot vote among voting models`);
    else if (task && !kind.tasks.includes(task)) problems.push(`${at}: ${kind.title} cannot do ${task}`);
    else problems.push(...paramProblems(kind.params, params).map((p) => `${at} (${kind.kind}): ${p}`));
    members.push({ kind: entry.kind, params });
  });
  return { members, problems };
}

export const voting: ModelDescriptor = {
  kind: VOTING_KIND,
  title: 'Soft voting ensemble',
  description: 'Several models fitted on the same features, their probabilities or predictions averaged: often steadier than any one of them.',
  tasks: ['classification', 'regression'],
  params: {
    members: {
      type: 'string',
      label: 'Members: a JSON list of {"kind", "params"}',
      default: DEFAULT_MEMBERS,
    },
  },
  paramProblems: (params, task, findKind) => readMembers(params.members, task, findKind).problems,
  accepts: NUMERIC_INPUTS.accepts,
  // A k-nearest-neighbours member keeps its training rows in the ensemble's file.
  keepsTrainingRows: (params, findKind) => readMembers(params.members, undefined, findKind).members.some((m) => findKind(m.kind)?.keepsTrainingRows(m.params, findKind) ?? false),
  implementation: () => import('../voting').then((m) => m.votingImplementation()),
};
