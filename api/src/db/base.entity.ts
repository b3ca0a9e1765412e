import { randomUUID } from 'node:crypto';
import { OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';

/** Registered so subclasses inherit `id`; type-graphql 2 emits only types reachable from a resolver. */
@ObjectType()
export abstract class BaseEntity<Optional extends string = never> {
  [OptionalProps]?: 'createdAt' | Optional;

  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();
}
