import { IsOptional, Length, MaxLength } from 'class-validator';
import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, InputType, registerEnumType } from 'type-graphql';
import { CaseSetFormat } from './table-reader.js';

registerEnumType(CaseSetFormat, { name: 'CaseSetFormat' });

@InputType({
  description:
    'Give content (small files) or serverPath (large ones); POST /case-sets/import streams an upload',
})
export class ImportCaseSetInput {
  @Field()
  @Length(1, 200)
  name!: string;

  @Field({ nullable: true })
  @IsOptional()
  @MaxLength(64)
  productKey?: string;

  @Field(() => CaseSetFormat)
  format!: CaseSetFormat;

  @Field(() => GraphQLJSONObject, { description: 'A case mapping (see rules/README.md, Case mappings)' })
  mapping!: Record<string, unknown>;

  @Field({ nullable: true, description: "A file under the data directory's imports/ or SPILLWAY_IMPORT_DIR" })
  @IsOptional()
  @MaxLength(4096)
  serverPath?: string;

  @Field({ nullable: true, description: 'The file itself, for small sets' })
  content?: string;

  @Field({
    nullable: true,
    description: 'Import the rows that map and skip the others; otherwise all or nothing',
  })
  keepValidRows?: boolean;

  @Field({ nullable: true, description: "The column holding each case's external ref" })
  @IsOptional()
  @MaxLength(200)
  refColumn?: string;
}
