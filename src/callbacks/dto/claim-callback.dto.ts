import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';

export class ClaimCallbackDto {
  @ApiPropertyOptional({ example: 'A-1001', description: "the agent taking the callback: the token's subject; any other id is refused (403)" })
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(100)
  agentId?: string;
}
