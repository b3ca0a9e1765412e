import { Entity, ManyToOne, Property, type Rel, Unique } from '@mikro-orm/core';
import { Field, Float, ObjectType } from 'type-graphql';
import { BaseEntity } from '../db/base.entity.js';
import { Product } from '../products/product.entity.js';
import { ChallengerMode, PolicyKind } from './policy-kind.js';
import { PolicyVersion } from './policy-version.entity.js';

@ObjectType()
@Entity()
@Unique({ properties: ['product', 'kind'] })
export class Policy extends BaseEntity<'challengerVersion' | 'challengerMode' | 'challengerShare'> {
  @ManyToOne(() => Product)
  product!: Rel<Product>;

  // Enums are plain text columns: MikroORM 6 misreads SQLite check constraints of three or more items and
  // would report a schema diff forever.
  @Field(() => PolicyKind)
  @Property({ type: 'string', length: 16 })
  kind!: PolicyKind;

  /** An APPROVED version run against the published one (the champion); see ChallengerMode. */
  @ManyToOne(() => PolicyVersion, { nullable: true })
  challengerVersion?: Rel<PolicyVersion> | null;

  @Field(() => ChallengerMode, { nullable: true })
  @Property({ type: 'string', length: 16, nullable: true })
  challengerMode?: ChallengerMode | null;

  @Field(() => Float, { nullable: true, description: 'SPLIT only: the share of borrowers, 0 to 1' })
  @Property({ type: 'float', nullable: true })
  challengerShare?: number | null;
}
