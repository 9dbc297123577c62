import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';

export class CodecSessionDto {
  @ApiProperty({ description: 'a bearer token with the role operator', minLength: 20, maxLength: 2000 })
  @IsString()
  @Length(20, 2000)
  token!: string;
}

export class CodecSessionViewDto {
  @ApiProperty() operator!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) expiresAt!: string | null;
  @ApiProperty({ format: 'uri' }) temporalUiUrl!: string;
}
