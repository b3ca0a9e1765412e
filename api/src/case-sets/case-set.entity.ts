import { Entity, ManyToOne, Property, type Rel } from '@mikro-orm/core';
import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { BaseEntity } from '../db/base.entity.js';
import { Product } from '../products/product.entity.js';

export enum CaseSetStatus {
  /** Its file is being read: not listed, and not backtested, until the import completes. */
  IMPORTING = 'IMPORTING',
  /** Every row of the file became a case. */
  COMPLETE = 'COMPLETE',
  /** Imported with keepValidRows: the failing rows were left out. */
  PARTIAL = 'PARTIAL',
}

registerEnumType(CaseSetStatus, { name: 'CaseSetStatus' });

@ObjectType({ description: 'Historical cases imported from one file, for backtests and QA' })
@Entity()
export class CaseSet extends BaseEntity {
  @Field()
  @Property()
  name!: string;

  @ManyToOne(() => Product)
  product!: Rel<Product>;

  @Field({ description: 'Where the rows came from: the uploaded format or the server file' })
  @Property({ type: 'text' })
  source!: string;

  /** Kept with the cases: it says what every fact means, and carries the data's attribution. */
  @Field(() => GraphQLJSONObject)
  @Property({ type: 'json' })
  mapping!: Record<string, unknown>;

  @Field(() => CaseSetStatus)
  @Property({ type: 'string', length: 16 })
  status!: CaseSetStatus;

  @Field(() => Int)
  @Property()
  caseCount!: number;

  @Field(() => Int, { description: 'Cases whose observed outcome is a default' })
  @Property()
  defaultCount!: number;

  @Field(() => Int, { description: 'Cases whose outcome is not known' })
  @Property()
  unknownOutcomeCount!: number;

  @Field(() => Int, { description: 'Rows left out because they failed to map' })
  @Property()
  failedRowCount!: number;

  @Field()
  @Property()
  createdBy!: string;
}
