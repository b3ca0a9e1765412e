import { ArrayMinSize, IsEmail, Length } from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';
import { Role } from '../core/role.js';

@InputType()
export class CreateUserInput {
  @Field()
  @IsEmail()
  email!: string;

  @Field()
  @Length(1, 200)
  name!: string;

  @Field({ description: 'At least 12 characters' })
  @Length(12, 200)
  password!: string;

  @Field(() => [Role])
  @ArrayMinSize(1)
  roles!: Role[];
}

@InputType()
export class CreateApiKeyInput {
  @Field({ description: 'Which app holds the key, e.g. loan-app-prod' })
  @Length(1, 100)
  name!: string;
}

@InputType()
export class IdInput {
  @Field(() => ID)
  id!: string;
}
