import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBase64, IsDefined, IsOptional, ValidateNested, registerDecorator } from 'class-validator';

const isBase64 = (value: unknown) => typeof value === 'string' && /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(value);

/** A payload's metadata as proto3 JSON: each value base64. */
function IsBase64Map(): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isBase64Map',
      target: target.constructor,
      propertyName: propertyName as string,
      validator: {
        validate: (value: unknown) =>
          typeof value === 'object' && value !== null && !Array.isArray(value) && Object.values(value).every(isBase64),
        defaultMessage: () => '$property must be an object whose values are base64 strings',
      },
    });
}

/** A Temporal Payload in proto3 JSON, as the Temporal UI and CLI send and read it. */
export class PayloadJsonDto {
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'string', format: 'byte' },
    nullable: true,
    example: { encoding: 'YmluYXJ5L2VuY3J5cHRlZA==' },
  })
  @IsOptional() @IsBase64Map()
  metadata?: Record<string, string> | null;

  @ApiPropertyOptional({ type: 'string', format: 'byte', nullable: true })
  @IsOptional() @IsBase64()
  data?: string | null;
}

/** The body of the Temporal remote codec protocol, in both directions. */
export class CodecPayloadsDto {
  @ApiProperty({ type: [PayloadJsonDto] })
  @IsDefined() @IsArray() @ArrayMaxSize(1000) @ValidateNested({ each: true }) @Type(() => PayloadJsonDto)
  payloads!: PayloadJsonDto[];
}
