/**
 * The soft-voting ensemble through the model contract: each member fitted on the same training
 * set by its own kind's implementation, stored as that kind stores it under `member-<i>/`, scored
 * by its own scorer; the ensemble answers the mean of the members' class probabilities, or of their
 * predicted values (each in the target's units). Nothing here knows what kind a member is.
 */
import type { FitEvent, ModelArtifacts, ModelImplementation, ModelOutline, Scorer } from './contract';
import { findModelKind, modelKinds, requireModelKind } from './kinds';
import { readMembers, VOTING_KIND, type VotingMember } from './descriptors/voting';
import type { ParamValue } from '../values';

const HEADER = 'voting.json';
const folder = (i: number) => `member-${i + 1}/`;

/** A member as the ensemble's header records it: what it is, and what its kind needs to read it back. */
interface StoredMember extends VotingMember {
  backend: string;
  targetScale?: { mean: number; std: number };
}

/**
 * Every other kind's implementation, loaded with the ensemble's: `check` is synchronous, and a
 * member may be of any kind.
 */
const implementations = new Map<string, ModelImplementation>();

export async function votingImplementation(): Promise<ModelImplementation> {
  for (const kind of modelKinds) if (kind.kind !== VOTING_KIND && !implementations.has(kind.kind)) implementations.set(kind.kind, await kind.implementation());
  return votingModel;
}

function implementationOf(kind: string): ModelImplementation {
  const found = implementations.get(kind);
  if (!found) throw new Error(`${HEADER}: a member is of kind "${kind}", which is not a model kind this studio has`);
  return found;
}

/** The artifacts under a member's folder, with the folder taken off their names. */
function memberArtifacts(artifacts: ModelArtifacts, i: number): ModelArtifacts {
  const take = <T>(entries: Readonly<Record<string, T>>) => Object.fromEntries(Object.entries(entries).flatMap(([name, v]) => (name.startsWith(folder(i)) ? [[name.slice(folder(i).length), v]] : [])));
  return { json: take(artifacts.json), blobs: take(artifacts.blobs) };
}

function memberOutline(model: ModelOutline, member: StoredMember): ModelOutline {
  const { targetScale: _ensemble, ...outline } = model;
  return { ...outline, kind: member.kind, ...(member.targetScale ? { targetScale: member.targetScale } : {}) };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function isScale(v: unknown): v is { mean: number; std: number } {
  return isObject(v) && Number.isFinite(v.mean) && Number.isFinite(v.std) && (v.std as number) > 0;
}

/** The header's members, checked: each a known kind that does the model's task, with its parameters and backend. */
function storedMembers(artifacts: ModelArtifacts, model: ModelOutline): StoredMember[] {
  const header = artifacts.json[HEADER];
  if (!isObject(header)) throw new Error(`model/${HEADER} is missing`);
  const list = header.members;
  if (!Array.isArray(list)) throw new Error(`${HEADER}: "members" must be a list`);
  const { problems } = readMembers(JSON.stringify(list.map((m: Record<string, unknown>) => ({ kind: m?.kind, params: m?.params }))), model.task, findModelKind);
  if (problems.length) throw new Error(`${HEADER}: ${problems.join('; ')}`);
  return list.map((m: Record<string, unknown>, i) => {
    if (typeof m.backend !== 'string') throw new Error(`${HEADER}: member ${i + 1} has no backend`);
    if (m.targetScale !== undefined && !isScale(m.targetScale)) throw new Error(`${HEADER}: member ${i + 1} has a target scale that is not {mean, std > 0}`);
    return m as unknown as StoredMember;
  });
}

/** A member's fit events as the ensemble's: its messages named, its iterations as progress through all members. */
function memberProgress(progress: (event: FitEvent) => void, title: string, i: number, count: number): (event: FitEvent) => void {
  return (event) => {
    if (event.type === 'log') progress({ type: 'log', message: `member ${i + 1} (${title}): ${event.message}` });
    // Each member's loss is its own: the ensemble reports how far through its members it is.
    else if (event.type === 'iteration') progress({ type: 'iteration', unit: event.unit, done: i * event.total + event.done, total: count * event.total, samplesPerSecond: event.samplesPerSecond });
  };
}

/** Mean of the members' outputs: probabilities row by row, or values in the target's units. */
function average(outputs: readonly (Float32Array | Float64Array)[], members: readonly StoredMember[]): Float64Array {
  const mean = new Float64Array(outputs[0].length);
  outputs.forEach((out, m) => {
    const { mean: shift, std } = members[m].targetScale ?? { mean: 0, std: 1 };
    for (let i = 0; i < mean.length; i++) mean[i] += (out[i] * std + shift) / outputs.length;
  });
  return mean;
}

export const votingModel: ModelImplementation = {
  async fit(data, params, options, progress, signal) {
    const { members, problems } = readMembers(params.members as ParamValue, data.task, findModelKind);
    if (problems.length) throw new Error(`voting: ${problems.join('; ')}`);
    const json: Record<string, unknown> = {};
    const blobs: Record<string, Uint8Array> = {};
    const stored: StoredMember[] = [];
    const summaries: string[] = [];
    for (const [i, member] of members.entries()) {
      signal?.throwIfAborted();
      const kind = requireModelKind(member.kind);
      const fitted = await implementationOf(member.kind).fit(data, member.params, options, memberProgress(progress, kind.title, i, members.length), signal);
      for (const [name, value] of Object.entries(fitted.artifacts.json)) json[folder(i) + name] = value;
      for (const [name, bytes] of Object.entries(fitted.artifacts.blobs)) blobs[folder(i) + name] = bytes;
      stored.push({ ...member, backend: fitted.backend, ...(fitted.targetScale ? { targetScale: fitted.targetScale } : {}) });
      summaries.push(`${kind.title}: ${fitted.summary}`);
    }
    json[HEADER] = { members: stored };
    const backend = [...new Set(stored.map((m) => m.backend))].join(' + ');
    progress({ type: 'backend', backend });
    return { artifacts: { json, blobs }, backend, summary: `soft voting of ${members.length} models (${summaries.join('; ')})` };
  },
  check(artifacts, model) {
    storedMembers(artifacts, model).forEach((member, i) => {
      try {
        implementationOf(member.kind).check(memberArtifacts(artifacts, i), memberOutline(model, member));
      } catch (e) {
        throw new Error(`member ${i + 1} (${member.kind}): ${(e as Error).message}`, { cause: e });
      }
    });
  },
  async load(artifacts, model, host) {
    const members = storedMembers(artifacts, model);
    const scorers: Scorer[] = [];
    try {
      for (const [i, member] of members.entries()) scorers.push(await implementationOf(member.kind).load(memberArtifacts(artifacts, i), memberOutline(model, member), host));
    } catch (e) {
      for (const s of scorers) s.dispose();
      throw e;
    }
    return {
      async score(x) {
        const outputs: (Float32Array | Float64Array)[] = [];
        for (const scorer of scorers) outputs.push(await scorer.score(x));
        return average(outputs, members);
      },
      dispose() {
        for (const s of scorers) s.dispose();
      },
    };
  },
  describe(artifacts, model) {
    const members = storedMembers(artifacts, model);
    const answer = model.task === 'classification' ? 'class probabilities' : 'predicted values';
    return [
      `Soft voting: the mean of ${members.length} models' ${answer}, each stored under \`model/member-<n>/\` as its own kind stores it (\`model/${HEADER}\` lists them).`,
      ...members.flatMap((member, i) => {
        const lines = implementationOf(member.kind).describe(memberArtifacts(artifacts, i), memberOutline(model, member));
        const params = Object.entries(member.params).map(([k, v]) => `${k} ${String(v)}`).join(', ');
        return [`Member ${i + 1}: ${requireModelKind(member.kind).title}${params ? ` (${params})` : ''}. ${lines.join(' ')}`];
      }),
    ];
  },
};
