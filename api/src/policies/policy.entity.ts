import { Entity, Enum, ManyToOne, type Rel, Unique } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { BaseEntity } from '../db/base.entity.js';
import { Product } from '../products/product.entity.js';
import { PolicyKind } from './policy-kind.js';

@ObjectType()
@Entity()
@Unique({ properties: ['product', 'kind'] })
export class Policy extends BaseEntity {
  @ManyToOne(() => Product)
  product!: Rel<Product>;

  @Field(() => PolicyKind)
  @Enum(() => PolicyKind)
  kind!: PolicyKind;
}
