import type { ChallengerMode, PolicyKind } from './policy-kind.js';

/** A version as decisions need it: plain data, wherever it was loaded from. */
export interface VersionSnapshot {
  policyId: string;
  kind: PolicyKind;
  versionId: string;
  number: number;
  revision: string;
  document: Record<string, unknown>;
  /** Set on an APPROVED version scheduled to publish itself at this time. */
  effectiveAt: Date | null;
}

export interface ChallengerSnapshot extends VersionSnapshot {
  mode: ChallengerMode;
  /** SPLIT only: the share of borrowers the challenger decides for. */
  share: number | null;
}

/** Everything that says which policies a product's decisions run, read at one instant. */
export interface PolicySetSnapshot {
  productId: string;
  published: VersionSnapshot[];
  scheduled: VersionSnapshot[];
  challengers: ChallengerSnapshot[];
}

/** A version's identity as decisions and audit events record it. */
export function versionRef(version: Pick<VersionSnapshot, 'versionId' | 'number' | 'revision'>) {
  return { versionId: version.versionId, number: version.number, revision: version.revision };
}
