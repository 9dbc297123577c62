import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

export class ClaimCallbackDto {
  @ApiProperty({ example: 'zhang.wei', description: 'the agent taking the callback' })
  @IsString() @IsNotEmpty() @MaxLength(100)
  agentId!: string;
}
