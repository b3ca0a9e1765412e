import { Entity, Index, ManyToOne, Property, type Rel } from '@mikro-orm/core';
import { GraphQLJSON, GraphQLJSONObject } from 'graphql-scalars';
import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { BaseEntity } from '../db/base.entity.js';
import { Backtest } from './backtest.entity.js';

/** rules' ChangeKind, in GraphQL's enum spelling. */
export enum ChangeKind {
  SWAP_IN = 'SWAP_IN',
  SWAP_OUT = 'SWAP_OUT',
  REFERRAL_CHANGE = 'REFERRAL_CHANGE',
  LIMIT_UP = 'LIMIT_UP',
  LIMIT_DOWN = 'LIMIT_DOWN',
  PRICE_CHANGE = 'PRICE_CHANGE',
  RULES_CHANGE = 'RULES_CHANGE',
  UNCHANGED = 'UNCHANGED',
}

registerEnumType(ChangeKind, { name: 'ChangeKind' });

/**
 * One case whose decision changed, failed its expectation or did not replay: unchanged cases are counted
 * in the metrics but not stored, so a backtest of millions of cases stores only what someone will read.
 */
@ObjectType({ description: 'A case decided differently by the two sides, or against its expectation' })
@Entity()
@Index({ properties: ['backtest', 'changeKind', 'position'] })
@Index({ properties: ['backtest', 'position'] })
@Index({ properties: ['backtest', 'regression', 'position'] })
@Index({ properties: ['backtest', 'mismatch', 'position'] })
export class BacktestDifference extends BaseEntity<'caseId' | 'decisionId' | 'line' | 'externalRef'> {
  @ManyToOne(() => Backtest)
  backtest!: Rel<Backtest>;

  /** The case's place in the job (chunk index, then order in it): pages read in job order. */
  @Property()
  position!: number;

  @Field(() => String, { nullable: true })
  @Property({ type: 'uuid', nullable: true })
  caseId?: string | null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'uuid', nullable: true })
  decisionId?: string | null;

  @Field(() => Int, { nullable: true, description: "The case's line in its file" })
  @Property({ type: 'integer', nullable: true })
  line?: number | null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'string', nullable: true })
  externalRef?: string | null;

  @Field(() => ChangeKind)
  @Property({ type: 'string', length: 16 })
  changeKind!: ChangeKind;

  @Field(() => Boolean, { nullable: true, description: 'Null when the outcome is not known' })
  @Property({ type: 'boolean', nullable: true })
  observedDefault!: boolean | null;

  /** rules' DecisionSummary of each side. */
  @Field(() => GraphQLJSONObject)
  @Property({ type: 'json' })
  baseline!: Record<string, unknown>;

  @Field(() => GraphQLJSONObject)
  @Property({ type: 'json' })
  candidate!: Record<string, unknown>;

  @Field({ description: 'The candidate decision differs from the expected one' })
  @Property()
  regression!: boolean;

  @Field({ description: 'Replays: the decision did not replay to what it recorded' })
  @Property()
  mismatch!: boolean;

  @Field(() => GraphQLJSON, {
    description: 'Fields that differ from the expected decision: [{ field, expected, actual }]',
  })
  @Property({ type: 'json' })
  expectationFailures!: unknown[];

  @Field(() => GraphQLJSON, {
    description: 'Replays: fields that differ from the recorded decision: [{ field, expected, actual }]',
  })
  @Property({ type: 'json' })
  mismatches!: unknown[];
}
