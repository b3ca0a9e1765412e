import { Entity, Property } from '@mikro-orm/core';
import { Field, Int, ObjectType } from 'type-graphql';
import { BaseEntity } from '../db/base.entity.js';

export const DEFAULT_PRODUCT_KEY = 'cash-line';

@ObjectType()
@Entity()
export class Product extends BaseEntity {
  @Field()
  @Property({ unique: true })
  key!: string;

  @Field()
  @Property()
  name!: string;

  @Field()
  @Property({ length: 3 })
  currency!: string;

  /** Terms an application may ask for; anything else is rejected before any policy runs. */
  @Field(() => [Int])
  @Property({ type: 'json' })
  allowedTerms!: number[];
}
