import { Entity, ManyToOne, Property, type Rel, Unique } from '@mikro-orm/core';
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

  // Enums are plain text columns: MikroORM 6 misreads SQLite check constraints of three or more items and
  // would report a schema diff forever.
  @Field(() => PolicyKind)
  @Property({ type: 'string', length: 16 })
  kind!: PolicyKind;
}
