import { Entity, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, ID, ObjectType } from 'type-graphql';
import { AuditScheme } from './audit-chain.js';

/**
 * Append-only and hash-chained: each row stores the hash of the one before it, so editing or deleting
 * any past row breaks every later link; the hash is keyed (see audit-chain.ts), so the links cannot be
 * recomputed without the secret.
 */
@ObjectType()
@Entity()
export class AuditEvent {
  [OptionalProps]?: 'seq';

  @Field(() => ID)
  @PrimaryKey({ autoincrement: true })
  seq!: number;

  @Field()
  @Property({ type: 'datetime' })
  at!: Date;

  @Field()
  @Property()
  actor!: string;

  @Field()
  @Property()
  action!: string;

  @Field()
  @Property()
  entityType!: string;

  @Field()
  @Property()
  entityId!: string;

  @Field(() => GraphQLJSONObject)
  @Property({ type: 'json' })
  summary!: Record<string, unknown>;

  /** Unique: a fork in the chain (two events after one predecessor) cannot be committed. */
  @Field()
  @Property({ length: 64, unique: true })
  prevHash!: string;

  @Field()
  @Property({ length: 64, unique: true })
  hash!: string;

  /** Events chained before keys were introduced are `sha256`; the database default keeps them so. */
  @Field(() => String, { description: 'sha256 (unkeyed, events from before keys) or hmac-sha256' })
  @Property({ type: 'string', length: 16, default: AuditScheme.UNKEYED })
  scheme: AuditScheme = AuditScheme.KEYED;
}
