import { Entity, Property } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { Role } from '../core/role.js';
import { BaseEntity } from '../db/base.entity.js';

@ObjectType()
@Entity()
export class User extends BaseEntity<'active'> {
  @Field()
  @Property({ unique: true })
  email!: string;

  @Field()
  @Property()
  name!: string;

  /** scrypt, self-describing (parameters and salt inside), see password.ts. */
  @Property({ hidden: true })
  passwordHash!: string;

  @Field(() => [Role])
  @Property({ type: 'json' })
  roles!: Role[];

  @Field()
  @Property()
  active: boolean = true;
}
