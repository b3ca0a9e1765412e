import { ArgsType, Field, InputType, registerEnumType } from 'type-graphql';
import { PageArgs } from '../graphql/connection.js';
import { VersionStatus } from './policy-kind.js';

/** The versions waiting for the person asking, by what they are waiting for. */
export enum VersionQueue {
  /** In review, and written by someone else: the reviewer's queue (maker-checker). */
  AWAITING_MY_REVIEW = 'AWAITING_MY_REVIEW',
  /** Drafts the person created, edited or copied from their own unreviewed work. */
  MY_DRAFTS = 'MY_DRAFTS',
  /** The person's versions a reviewer rejected: to be copied into a new draft. */
  MY_REJECTED = 'MY_REJECTED',
}

registerEnumType(VersionQueue, { name: 'VersionQueue' });

@InputType()
export class PolicyVersionFilter {
  @Field({ nullable: true, description: 'Every product when absent' })
  productKey?: string;

  @Field(() => VersionStatus, { nullable: true })
  status?: VersionStatus;

  @Field(() => VersionQueue, { nullable: true, description: 'Implies the status it waits in' })
  queue?: VersionQueue;
}

@ArgsType()
export class PolicyVersionListArgs extends PageArgs {
  @Field(() => PolicyVersionFilter, { nullable: true })
  filter?: PolicyVersionFilter;
}
