import { Entity, Index, ManyToOne, Property, type Rel } from '@mikro-orm/core';
import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, Int, ObjectType } from 'type-graphql';
import { BaseEntity } from '../db/base.entity.js';
import { CaseSet } from './case-set.entity.js';

/** `case` is an SQL keyword: the table gets a name no dialect reserves. */
@ObjectType({
  description: 'One historical case: the facts and application a decision would see, and what happened',
})
@Entity({ tableName: 'historical_case' })
@Index({ properties: ['caseSet', 'line'] })
export class Case extends BaseEntity<'externalRef' | 'expected'> {
  @ManyToOne(() => CaseSet)
  caseSet!: Rel<CaseSet>;

  @Field(() => Int, { description: 'The line of the file the case starts on' })
  @Property()
  line!: number;

  @Field(() => String, { nullable: true })
  @Property({ type: 'string', nullable: true })
  externalRef?: string | null;

  @Field(() => GraphQLJSONObject)
  @Property({ type: 'json' })
  facts!: Record<string, unknown>;

  @Field(() => GraphQLJSONObject, { description: '{ requestedAmount, termMonths }' })
  @Property({ type: 'json' })
  application!: { requestedAmount: number; termMonths: number };

  @Field(() => Boolean, { nullable: true, description: 'Null when the outcome is not known' })
  @Property({ type: 'boolean', nullable: true })
  observedDefault!: boolean | null;

  @Field(() => GraphQLJSONObject, {
    nullable: true,
    description: 'The expected decision, for regression suites',
  })
  @Property({ type: 'json', nullable: true })
  expected?: Record<string, unknown> | null;
}
