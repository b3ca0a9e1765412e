import { Collection, Entity, OneToMany, Property } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { CreditLine } from '../credit-lines/credit-line.entity.js';
import { BaseEntity } from '../db/base.entity.js';

@ObjectType()
@Entity()
export class Borrower extends BaseEntity<
  'updatedAt' | 'profile' | 'phoneMasked' | 'phoneEncrypted' | 'nationalIdHash' | 'creditLines'
> {
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

  /** AES-256-GCM under a key derived from the server secret; only roles with PII access see it decrypted. */
  @Property({ type: 'text', nullable: true, hidden: true })
  phoneEncrypted?: string | null;

  /** Catalog facts about the borrower (income, bureau data, ...), in the catalog's units. */
  @Property({ type: 'json' })
  profile: Record<string, unknown> = {};

  @Property({ type: 'datetime', onUpdate: () => new Date() })
  updatedAt: Date = new Date();

  @OneToMany(
    () => CreditLine,
    (line) => line.borrower,
  )
  creditLines = new Collection<CreditLine>(this);
}
