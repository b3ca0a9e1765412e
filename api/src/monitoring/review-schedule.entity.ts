import { Entity, ManyToOne, Property, type Rel, Unique } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { BaseEntity } from '../db/base.entity.js';
import { Product } from '../products/product.entity.js';

/** When a product's portfolio is reviewed without anyone asking. */
@ObjectType({ description: "A product's portfolio review schedule" })
@Entity()
@Unique({ properties: ['product'] })
export class ReviewSchedule extends BaseEntity<'lastRunAt'> {
  @ManyToOne(() => Product)
  product!: Rel<Product>;

  @Field({ description: 'Five-field cron expression, evaluated in UTC' })
  @Property()
  cron!: string;

  /** Advanced by whichever process claims the run, so one run happens per occurrence across replicas. */
  @Field()
  @Property({ type: 'datetime' })
  nextRunAt!: Date;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'datetime', nullable: true })
  lastRunAt?: Date | null;

  @Field()
  @Property()
  updatedBy!: string;
}
