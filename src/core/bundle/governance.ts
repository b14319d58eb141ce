/**
 * What people say about a model version (not what a run measured): its intended use and known
 * limits, written in the Models list, and a sign-off (who approved it, when). The registry keeps
 * it with the version; the model file carries it as governance.json, and its card shows it.
 * TensorFlow.js-free, so that the page reads it too.
 */
export interface SignOff {
  by: string;
  /** ISO time. */
  at: string;
}

export interface Governance {
  intendedUse: string;
  limits: string;
  signOff?: SignOff;
}

export const NO_GOVERNANCE: Governance = { intendedUse: '', limits: '' };

const isText = (v: unknown): v is string => typeof v === 'string';

/** A governance record read from a file, checked field by field; throws naming the field that is wrong. */
export function parseGovernance(value: unknown): Governance {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('it is not a JSON object');
  const g = value as Record<string, unknown>;
  if (!isText(g.intendedUse)) throw new Error('intendedUse must be text');
  if (!isText(g.limits)) throw new Error('limits must be text');
  if (g.signOff === undefined) return { intendedUse: g.intendedUse, limits: g.limits };
  const s = g.signOff as Record<string, unknown> | null;
  if (typeof s !== 'object' || s === null || !isText(s.by) || s.by.trim() === '' || !isText(s.at) || Number.isNaN(Date.parse(s.at))) {
    throw new Error('signOff must name who signed off (by) and when (at, an ISO time)');
  }
  return { intendedUse: g.intendedUse, limits: g.limits, signOff: { by: s.by, at: s.at } };
}

/** Whether anything was written or signed: a blank record need not travel in a file. */
export function hasGovernance(g: Governance | undefined): g is Governance {
  return g !== undefined && (g.intendedUse.trim() !== '' || g.limits.trim() !== '' || g.signOff !== undefined);
}
