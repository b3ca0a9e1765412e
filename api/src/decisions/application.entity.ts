import { BigIntType, Entity, ManyToOne, Property, type Rel, Unique } from '@mikro-orm/core';
import { Field, Int, ObjectType } from 'type-graphql';
import { Borrower } from '../borrowers/borrower.entity.js';
import { formatMoney } from '../core/money.js';
import { BaseEntity } from '../db/base.entity.js';
import { Money } from '../graphql/money.scalar.js';
import { Product } from '../products/product.entity.js';

@ObjectType()
@Entity()
// Unique per caller: the database, not a read-then-write check, makes concurrent retries collapse into one,
// and two apps choosing the same key never see each other's decisions.
@Unique({ properties: ['requesterKey', 'idempotencyKey'] })
export class Application extends BaseEntity<'purpose' | 'channel' | 'requestedAmount'> {
  @Field()
  @Property({ length: 128 })
  idempotencyKey!: string;

  /** Who owns the key: `apiKey:<id>` or `user:<id>`, the viewer that asked. */
  @Property({ length: 64, default: '' })
  requesterKey!: string;

  /** sha256 of the canonical request, to tell a retry from a different request reusing a key. */
  @Property({ length: 64 })
  requestHash!: string;

  /** The app key or user that asked, as the audit log names actors. */
  @Property()
  requestedBy!: string;

  @ManyToOne(() => Borrower)
  borrower!: Rel<Borrower>;

  @ManyToOne(() => Product)
  product!: Rel<Product>;

  @Property({ type: new BigIntType('number') })
  requestedAmountMinor!: number;

  @Field(() => Int)
  @Property()
  termMonths!: number;

  @Field(() => String, { nullable: true })
  @Property({ type: 'string', nullable: true })
  purpose?: string | null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'string', nullable: true })
  channel?: string | null;

  @Field(() => Money)
  get requestedAmount(): string {
    return formatMoney(this.requestedAmountMinor) as string;
  }
}
