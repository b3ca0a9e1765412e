import { Entity, Index, ManyToOne, Property, type Rel } from '@mikro-orm/core';
import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Borrower } from '../borrowers/borrower.entity.js';
import { BaseEntity } from '../db/base.entity.js';

export enum NotificationChannel {
  SMS = 'SMS',
  EMAIL = 'EMAIL',
}

export enum NotificationStatus {
  PENDING = 'PENDING',
  /** Claimed by a dispatcher; a claim older than the lease is a dispatcher that died, and is retried. */
  SENDING = 'SENDING',
  SENT = 'SENT',
  FAILED = 'FAILED',
}

registerEnumType(NotificationChannel, { name: 'NotificationChannel' });
registerEnumType(NotificationStatus, { name: 'NotificationStatus' });

/**
 * The outbox: a reminder is a row written in the same transaction as the review that decided it, and the
 * dispatcher's record of what it sent. The row's id travels as the idempotency key, so a resend after a
 * crash between sending and marking is recognised by the receiver.
 */
@ObjectType({ description: 'A reminder to a borrower, in the outbox until a transport confirms it' })
@Entity()
@Index({ properties: ['status', 'nextAttemptAt'] })
export class Notification extends BaseEntity<
  'attempts' | 'lastError' | 'sentAt' | 'claimedAt' | 'alertId' | 'creditLineId'
> {
  @ManyToOne(() => Borrower)
  borrower!: Rel<Borrower>;

  @Field(() => String, { nullable: true })
  @Property({ type: 'uuid', nullable: true })
  creditLineId?: string | null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'uuid', nullable: true })
  alertId?: string | null;

  /** One reminder per review, line and template, however often the review's chunk is written. */
  @Property({ unique: true })
  dedupeKey!: string;

  @Field(() => NotificationChannel)
  @Property({ type: 'string', length: 8 })
  channel!: NotificationChannel;

  @Field({ description: 'Masked: the full address is read from the borrower only when sending' })
  @Property()
  recipientMasked!: string;

  @Field()
  @Property()
  template!: string;

  @Field(() => GraphQLJSONObject)
  @Property({ type: 'json' })
  params!: Record<string, unknown>;

  @Field(() => NotificationStatus)
  @Property({ type: 'string', length: 16 })
  status!: NotificationStatus;

  @Field(() => Int)
  @Property()
  attempts: number = 0;

  @Field()
  @Property({ type: 'datetime' })
  nextAttemptAt!: Date;

  @Property({ type: 'datetime', nullable: true })
  claimedAt?: Date | null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  lastError?: string | null;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'datetime', nullable: true })
  sentAt?: Date | null;
}
