import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length, MaxLength } from 'class-validator';
import { LOCALES, type Locale } from '../../directory/person.entity.js';
import { PASSWORD_MAX_LENGTH } from '../passwords.js';
import { ROLES, type Role } from '../roles.js';

export class SignInDto {
  @ApiProperty({ example: 'mgr.chen', description: 'the person id of the staff directory' })
  @IsString() @Length(1, 100)
  username!: string;

  @ApiProperty({ format: 'password', maxLength: PASSWORD_MAX_LENGTH * 4 })
  @IsString() @Length(1, PASSWORD_MAX_LENGTH * 4)
  password!: string;
}

export class PasswordChangeDto {
  @ApiProperty({ format: 'password', maxLength: PASSWORD_MAX_LENGTH * 4 })
  @IsString() @Length(1, PASSWORD_MAX_LENGTH * 4)
  currentPassword!: string;

  @ApiProperty({ format: 'password', description: 'at least 10 characters (at most 128), 4 different ones, not containing the user name' })
  @IsString() @MaxLength(PASSWORD_MAX_LENGTH * 4)
  newPassword!: string;
}

export class SignedInPersonDto {
  @ApiProperty({ example: 'mgr.chen' }) id!: string;
  @ApiProperty({ example: '陈经理' }) displayName!: string;
  @ApiProperty({ enum: ROLES, isArray: true, description: 'in this order: on each route the person acts in the first one the route allows' })
  roles!: Role[];
  @ApiProperty({ enum: LOCALES }) locale!: Locale;
  @ApiProperty({ type: String, nullable: true, example: 'after_sales', description: 'department code' }) department!: string | null;
}

export class SessionViewDto {
  @ApiProperty({ type: SignedInPersonDto }) person!: SignedInPersonDto;
  @ApiProperty({ description: 'send it as the header X-CSRF-Token with every POST, PUT, PATCH and DELETE made with the session cookie' })
  csrfToken!: string;
  @ApiProperty({ format: 'date-time', description: 'the latest the session can last; it ends sooner when idle' }) expiresAt!: string;
}
