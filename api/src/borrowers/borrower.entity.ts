import { Entity, Property } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { BaseEntity } from '../db/base.entity.js';

@ObjectType()
@Entity()
export class Borrower extends BaseEntity<'updatedAt' | 'profile'> {
  @Field()
  @Property({ unique: true })
  externalRef!: string;

  @Field()
  @Property()
  name!: string;

  /** HMAC-SHA256 under the server secret: lets two records be matched without keeping the id itself. */
  @Property({ type: 'string', length: 64, nullable: true, index: true, hidden: true })
  nationalIdHash?: string | null;

  @Property({ type: 'string', nullable: true, hidden: true })
  phoneMasked?: string | null;

  /** Catalog facts about the borrower (income, bureau data, ...), in the catalog's units. */
  @Property({ type: 'json' })
  profile: Record<string, unknown> = {};

  @Property({ type: 'datetime', onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}
