import { Entity, Index, ManyToOne, Property, type Rel, Unique } from '@mikro-orm/core';
import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, Int, ObjectType } from 'type-graphql';
import { User } from '../auth/user.entity.js';
import { BaseEntity } from '../db/base.entity.js';
import { Policy } from './policy.entity.js';
import { VersionStatus } from './policy-kind.js';

@ObjectType()
@Entity()
@Unique({ properties: ['policy', 'number'] })
@Index({ properties: ['policy', 'status'] })
export class PolicyVersion extends BaseEntity<'status' | 'lockVersion' | 'publishedAt' | 'author'> {
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

  @ManyToOne(() => User, { nullable: true })
  author?: Rel<User> | null;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'datetime', nullable: true })
  publishedAt?: Date | null;

  @Field(() => Int)
  @Property({ version: true })
  lockVersion: number = 1;
}
