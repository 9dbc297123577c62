import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { IsOmittable } from '../../common/validation.js';

export class ClaimCallbackDto {
  @ApiPropertyOptional({ description: "the agent taking the callback: the token's subject (leave it out: the body is {}); any other id is refused (403)" })
  @IsOmittable() @IsString() @IsNotEmpty() @MaxLength(100)
  agentId?: string;
}
