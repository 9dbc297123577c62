import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayNotEmpty,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsOptional,
  IsString,
  IsUrl,
  Length,
  Matches,
  MaxLength,
  ValidateIf,
  ValidateNested,
  registerDecorator,
  type ValidationArguments,
} from 'class-validator';
import { ROLES, ACTOR_ID, type Role } from '../../auth/roles.js';
import { PageQueryDto } from '../../common/paging.js';
import { IsOmittable, queryBoolean } from '../../common/validation.js';
import { CHAT_PLATFORMS, DEPARTMENT_CODE, type ChatPlatform } from '../department.entity.js';
import { LOCALES, type Locale } from '../person.entity.js';

const NOT_BLANK = /\S/;
/** May be left out, or null to clear it; any other value is validated. */
const IsClearable = (): PropertyDecorator => ValidateIf((_object: object, value: unknown) => value !== undefined && value !== null);

export class ChatDto {
  @ApiProperty({ enum: CHAT_PLATFORMS })
  @IsIn(CHAT_PLATFORMS)
  platform!: ChatPlatform;

  @ApiProperty({ format: 'uri', maxLength: 2000, example: 'https://oapi.dingtalk.com/robot/send?access_token=…', description: 'the group robot\'s webhook; never shown back' })
  @IsString() @MaxLength(2000) @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false }, { message: '$property must be an http(s) URL' })
  webhookUrl!: string;

  @ApiPropertyOptional({ maxLength: 200, description: 'the signing secret of a DingTalk or Feishu robot with signing on; never shown back' })
  @IsOmittable() @IsString() @Length(1, 200) @IsSigningPlatform()
  secret?: string;
}

/** A signing secret only for the platforms that sign: WeCom's robots do not. */
function IsSigningPlatform(): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isSigningPlatform',
      target: target.constructor,
      propertyName: propertyName as string,
      validator: {
        validate: (_value: unknown, { object }: ValidationArguments) => (object as ChatDto).platform !== 'wecom',
        defaultMessage: () => '$property is for dingtalk and feishu: a WeCom robot does not sign its requests',
      },
    });
}

const departmentName = () => [IsString(), Length(1, 100), Matches(NOT_BLANK, { message: '$property must not be empty' })];
const personName = departmentName;
const personRoles = () => [IsArray(), ArrayNotEmpty(), ArrayMaxSize(ROLES.length), ArrayUnique(), IsIn(ROLES, { each: true })];
const apply = (decorators: PropertyDecorator[]): PropertyDecorator => (target, key) => decorators.forEach((d) => d(target, key));

/** What a new department and a change have in common (the required fields differ, so each class declares its own). */
class DepartmentChatDto {
  @ApiPropertyOptional({ type: ChatDto, nullable: true, description: 'the group robot the department is told through; null removes it' })
  @IsClearable() @ValidateNested() @Type(() => ChatDto)
  chat?: ChatDto | null;
}

export class DepartmentPatchDto extends DepartmentChatDto {
  @ApiPropertyOptional({ example: '研发部', maxLength: 100 })
  @IsOmittable() @apply(departmentName())
  name?: string;
}

export class DepartmentBodyDto extends DepartmentChatDto {
  @ApiProperty({ example: 'rnd', pattern: DEPARTMENT_CODE.source })
  @IsString() @Matches(DEPARTMENT_CODE, { message: '$property must be 1-32 lower-case letters, digits or underscores, starting with a letter' })
  code!: string;

  @ApiProperty({ example: '研发部', maxLength: 100 })
  @apply(departmentName())
  name!: string;
}

export class DepartmentCodeParam {
  @ApiProperty({ example: 'rnd' })
  @Matches(DEPARTMENT_CODE, { message: '$property must be a department code' })
  code!: string;
}

export class DepartmentViewDto {
  @ApiProperty({ example: 'rnd' }) code!: string;
  @ApiProperty({ example: '研发部' }) name!: string;
  @ApiProperty({ enum: CHAT_PLATFORMS, nullable: true, type: String }) chatPlatform!: ChatPlatform | null;
  @ApiProperty({ description: 'a webhook URL is set (it is never shown)' }) chatWebhookSet!: boolean;
  @ApiProperty({ description: 'a signing secret is set (it is never shown)' }) chatSecretSet!: boolean;
  @ApiProperty({ description: 'active people in the department' }) activePeople!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class DepartmentListDto {
  @ApiProperty({ type: [DepartmentViewDto] }) items!: DepartmentViewDto[];
}

/** The fields of a person that may always be left out. */
class PersonDetailsDto {
  @ApiPropertyOptional({ type: String, nullable: true, example: 'rnd', description: 'a department code of the directory; null for none' })
  @IsClearable() @IsString() @Matches(DEPARTMENT_CODE, { message: '$property must be a department code' })
  department?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, format: 'email', maxLength: 254 })
  @IsClearable() @IsString() @MaxLength(254) @IsEmail({}, { message: '$property must be an e-mail address' })
  email?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 100, description: 'their user id on the department\'s chat platform, to @-mention them' })
  @IsClearable() @IsString() @Length(1, 100) @Matches(NOT_BLANK, { message: '$property must not be empty' })
  chatHandle?: string | null;

  @ApiPropertyOptional({ enum: LOCALES, default: 'zh-CN' })
  @IsOmittable() @IsIn(LOCALES)
  locale?: Locale;
}

export class PersonPatchDto extends PersonDetailsDto {
  @ApiPropertyOptional({ example: '陈经理', maxLength: 100 })
  @IsOmittable() @apply(personName())
  displayName?: string;

  @ApiPropertyOptional({ enum: ROLES, isArray: true, minItems: 1, description: 'in order: on a route the person acts in the first one it allows' })
  @IsOmittable() @apply(personRoles())
  roles?: Role[];
}

export class PersonBodyDto extends PersonDetailsDto {
  @ApiProperty({ example: 'mgr.chen', pattern: ACTOR_ID.source, description: 'the user name and the subject of their tokens; never changes' })
  @IsString() @Matches(ACTOR_ID, { message: '$property must be one plain id: letters, digits, . _ @ -, at most 100' })
  id!: string;

  @ApiProperty({ example: '陈经理', maxLength: 100 })
  @apply(personName())
  displayName!: string;

  @ApiProperty({ enum: ROLES, isArray: true, minItems: 1, description: 'in order: on a route the person acts in the first one it allows' })
  @apply(personRoles())
  roles!: Role[];
}

/** A person in a directory file: as the API creates one, and whether they are active. */
export class PersonFileEntryDto extends PersonBodyDto {
  @IsOmittable() @IsBoolean()
  active?: boolean;
}

export class DirectoryFileDto {
  @IsOmittable() @IsArray() @ArrayMaxSize(1000) @ValidateNested({ each: true }) @Type(() => DepartmentBodyDto)
  departments?: DepartmentBodyDto[];

  @IsOmittable() @IsArray() @ArrayMaxSize(100_000) @ValidateNested({ each: true }) @Type(() => PersonFileEntryDto)
  people?: PersonFileEntryDto[];
}

export class PersonIdParam {
  @ApiProperty({ example: 'mgr.chen' })
  @Matches(ACTOR_ID, { message: '$property must be one plain id' })
  personId!: string;
}

export class PasswordDto {
  @ApiProperty({ format: 'password', description: 'at least 10 characters (at most 128), 4 different ones, not containing the user name' })
  @IsString() @MaxLength(512)
  password!: string;
}

export class PeopleQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'only people of this department (its code, e.g. rnd)' })
  @IsOptional() @Matches(DEPARTMENT_CODE, { message: '$property must be a department code' })
  department?: string;

  @ApiPropertyOptional({ enum: ROLES })
  @IsOptional() @IsIn(ROLES)
  role?: Role;

  @ApiPropertyOptional({ type: Boolean, description: 'true: active people only; false: deactivated ones only' })
  @IsOptional()
  @Transform(queryBoolean)
  @IsBoolean({ message: '$property must be true or false' })
  active?: boolean;
}

export class PersonViewDto {
  @ApiProperty({ example: 'mgr.chen' }) id!: string;
  @ApiProperty({ example: '陈经理' }) displayName!: string;
  @ApiProperty({ enum: ROLES, isArray: true }) roles!: Role[];
  @ApiProperty({ type: String, nullable: true, example: 'after_sales' }) department!: string | null;
  @ApiProperty({ type: String, nullable: true }) email!: string | null;
  @ApiProperty({ type: String, nullable: true }) chatHandle!: string | null;
  @ApiProperty({ enum: LOCALES }) locale!: Locale;
  @ApiProperty() active!: boolean;
  @ApiProperty({ description: 'a password is set, so the person can sign in (the hash is never shown)' }) hasPassword!: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class PersonPageDto {
  @ApiProperty({ type: [PersonViewDto] }) items!: PersonViewDto[];
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
  @ApiProperty() total!: number;
}
