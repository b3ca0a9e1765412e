import { registerEnumType } from 'type-graphql';

export enum PolicyKind {
  ADMISSION = 'ADMISSION',
  LIMIT = 'LIMIT',
  PRICING = 'PRICING',
  MONITORING = 'MONITORING',
  EXPOSURE = 'EXPOSURE',
  COMPLIANCE = 'COMPLIANCE',
}

registerEnumType(PolicyKind, { name: 'PolicyKind', description: 'What a policy decides' });

export enum VersionStatus {
  DRAFT = 'DRAFT',
  IN_REVIEW = 'IN_REVIEW',
  APPROVED = 'APPROVED',
  REJECTED = 'REJECTED',
  PUBLISHED = 'PUBLISHED',
  RETIRED = 'RETIRED',
}

registerEnumType(VersionStatus, { name: 'VersionStatus' });

export enum ChallengerMode {
  /** The challenger decides for its share of borrowers, chosen by a hash of the borrower ref. */
  SPLIT = 'SPLIT',
  /** The challenger is evaluated and recorded on every decision, never applied. */
  SHADOW = 'SHADOW',
}

registerEnumType(ChallengerMode, { name: 'ChallengerMode' });
