import { Entity, Index, ManyToOne, Property, type Rel, Unique } from '@mikro-orm/core';
import { revision } from '@spillway/rules';
import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, Int, ObjectType } from 'type-graphql';
import { User } from '../auth/user.entity.js';
import { DomainError } from '../core/errors.js';
import { BaseEntity } from '../db/base.entity.js';
import { Policy } from './policy.entity.js';
import { VersionStatus } from './policy-kind.js';

export const ONE_PUBLISHED_INDEX = 'policy_version_one_published';

@ObjectType()
@Entity()
@Unique({ properties: ['policy', 'number'] })
@Index({ properties: ['policy', 'status'] })
// The database itself refuses a second PUBLISHED version of a policy, whatever the code does. Declared as
// an expression so the schema comparator knows it (it compares expression indexes by name only); the SQL
// is the same on SQLite and PostgreSQL.
@Index({
  name: ONE_PUBLISHED_INDEX,
  expression: `create unique index ${ONE_PUBLISHED_INDEX} on policy_version (policy_id) where status = 'PUBLISHED'`,
})
@Index({ properties: ['status', 'effectiveAt'] })
export class PolicyVersion extends BaseEntity<
  | 'status'
  | 'lockVersion'
  | 'publishedAt'
  | 'author'
  | 'submittedBy'
  | 'submittedAt'
  | 'reviewedBy'
  | 'reviewedAt'
  | 'reviewNote'
  | 'basedOnNumber'
  | 'effectiveAt'
  | 'retiredAt'
  | 'contributorIds'
> {
  @ManyToOne(() => Policy)
  policy!: Rel<Policy>;

  @Field(() => Int)
  @Property()
  number!: number;

  @Field(() => VersionStatus)
  @Property({ type: 'string', length: 16 })
  status: VersionStatus = VersionStatus.DRAFT;

  @Field(() => GraphQLJSONObject)
  @Property({ type: 'json' })
  document!: Record<string, unknown>;

  /** sha256 of the canonical document, stored so a load can prove the document was not altered. */
  @Field()
  @Property({ length: 64 })
  revision!: string;

  /** Who created the draft: the one person who may never approve it. */
  @ManyToOne(() => User, { nullable: true })
  author?: Rel<User> | null;

  @Field(() => Int, { nullable: true, description: 'The version this draft was copied from' })
  @Property({ type: 'integer', nullable: true })
  basedOnNumber?: number | null;

  @ManyToOne(() => User, { nullable: true })
  submittedBy?: Rel<User> | null;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'datetime', nullable: true })
  submittedAt?: Date | null;

  /**
   * Everyone who created, edited or submitted the version (user ids), and who wrote the unreviewed version it
   * was copied from: none of them may review it. Null on versions from before they were kept.
   */
  @Property({ type: 'json', nullable: true })
  contributorIds?: string[] | null;

  @ManyToOne(() => User, { nullable: true })
  reviewedBy?: Rel<User> | null;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'datetime', nullable: true })
  reviewedAt?: Date | null;

  @Field(() => String, { nullable: true, description: "The reviewer's comment or reason for rejecting" })
  @Property({ type: 'text', nullable: true })
  reviewNote?: string | null;

  /** Set on an APPROVED version scheduled to publish itself at this time. */
  @Field(() => Date, { nullable: true })
  @Property({ type: 'datetime', nullable: true })
  effectiveAt?: Date | null;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'datetime', nullable: true })
  publishedAt?: Date | null;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'datetime', nullable: true })
  retiredAt?: Date | null;

  @Field(() => Int)
  @Property({ version: true })
  lockVersion: number = 1;

  /** A transition from the wrong status is a CONFLICT that names what the version is now. */
  requireStatus(action: string, ...allowed: VersionStatus[]): this {
    if (!allowed.includes(this.status)) {
      throw new DomainError(
        'CONFLICT',
        `Policy version ${this.number} is ${this.status}: only ${allowed.join(' or ')} versions can be ${action}`,
        { versionId: this.id, status: this.status },
      );
    }
    return this;
  }

  /** Refuses a version whose document no longer hashes to its stored revision: someone edited the row. */
  verifyRevision(): this {
    if (revision(this.document) !== this.revision) {
      throw new DomainError('INTERNAL', `Policy version ${this.id} does not match its stored revision`, {
        versionId: this.id,
      });
    }
    return this;
  }

  /** Everyone who had a hand in the version; older rows only know their author and submitter. */
  contributors(): string[] {
    const people = new Set(this.contributorIds ?? []);
    if (this.author) people.add(this.author.id);
    if (this.submittedBy) people.add(this.submittedBy.id);
    return [...people];
  }

  /** How audit events name a version; needs `policy` loaded. */
  auditIdentity() {
    return { policyId: this.policy.id, kind: this.policy.kind, number: this.number, revision: this.revision };
  }
}
