import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { DEPARTMENTS, type Department } from '../../../workflows/feedback-types.js';

export class CaseOwnersQueryDto {
  @ApiPropertyOptional({ enum: DEPARTMENTS, description: "only the owners of this department (the case's responsible department)" })
  @IsOptional() @IsIn(DEPARTMENTS)
  department?: Department;
}

export class CaseOwnerDto {
  @ApiProperty({ example: 'owner.liu' }) id!: string;
  @ApiProperty({ example: '刘工' }) displayName!: string;
  @ApiProperty({ type: String, nullable: true, example: 'rnd' }) department!: string | null;
}

export class CaseOwnerListDto {
  @ApiProperty({ type: [CaseOwnerDto] }) items!: CaseOwnerDto[];
}
