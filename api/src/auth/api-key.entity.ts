import { Entity, Property } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { Role } from '../core/role.js';
import { BaseEntity } from '../db/base.entity.js';

@ObjectType()
@Entity()
export class ApiKey extends BaseEntity<'revokedAt'> {
  @Field()
  @Property()
  name!: string;

  /** The key's first characters, kept in clear to find the candidate row; the rest is only hashed. */
  @Field()
  @Property({ index: true, length: 16 })
  prefix!: string;

  @Property({ hidden: true })
  keyHash!: string;

  @Field(() => [Role])
  @Property({ type: 'json' })
  roles!: Role[];

  @Field(() => Date, { nullable: true })
  @Property({ type: 'datetime', nullable: true })
  revokedAt?: Date | null;
}
