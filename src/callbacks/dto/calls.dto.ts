import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayNotEmpty, IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../common/paging.js';
import { CallbackPlanEntryDto } from '../../sales/dto/sale-state.dto.js';
import { CUSTOMER_CATEGORIES, type CustomerCategory } from '../../../workflows/sale-types.js';
import { CallbackViewDto } from './callback-view.dto.js';
import { toList } from './callbacks-query.dto.js';

/** The statuses of a callback an agent can call about. */
export const CALLABLE_STATUSES = ['due', 'claimed'] as const;
export type CallableStatus = (typeof CALLABLE_STATUSES)[number];

/** Filters of the calls; they select callbacks, which are then grouped by sale. */
export class CallsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({
    enum: CALLABLE_STATUSES,
    isArray: true,
    description: 'due, claimed or both (the default), as a comma list or a repeated parameter',
  })
  @IsOptional()
  @Transform(({ value }) => toList(value))
  @ArrayNotEmpty()
  @IsIn(CALLABLE_STATUSES, { each: true })
  status?: CallableStatus[];

  @ApiPropertyOptional({ description: 'only callbacks claimed by this agent' })
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(100)
  agent?: string;

  @ApiPropertyOptional({ enum: CUSTOMER_CATEGORIES })
  @IsOptional() @IsIn(CUSTOMER_CATEGORIES)
  customerCategory?: CustomerCategory;
}

/** One call: the open callbacks of one sale, made in one phone call (a late import opens two or three at once). */
export class CallDto {
  @ApiProperty({ example: 'S-2026-0001' }) saleId!: string;
  @ApiProperty({ example: 'C-1001' }) customerId!: string;
  @ApiProperty({ enum: CUSTOMER_CATEGORIES }) customerCategory!: CustomerCategory;
  @ApiProperty({ example: 'XR-200' }) productModel!: string;
  @ApiProperty({ description: 'one of its callbacks is late: the sale was reported after it was due' }) late!: boolean;
  @ApiProperty({ format: 'date-time', description: 'the earliest due time of its callbacks' }) dueAt!: string;
  @ApiProperty({ type: [String], description: 'the agents who claimed one of its callbacks (usually none or one)' }) claimedBy!: string[];
  @ApiProperty({ type: [CallbackViewDto], description: 'its callbacks that match the filters, earliest due first' }) callbacks!: CallbackViewDto[];
}

export class CallPageDto {
  @ApiProperty({ type: [CallDto] }) items!: CallDto[];
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
  @ApiProperty({ description: 'calls matching the filters, on all pages' }) total!: number;
}

export class ClaimedCallDto {
  @ApiProperty({ example: 'S-2026-0001' }) saleId!: string;
  @ApiProperty({ type: [CallbackPlanEntryDto], description: 'every callback of the call, now claimed by the calling agent' }) callbacks!: CallbackPlanEntryDto[];
}
