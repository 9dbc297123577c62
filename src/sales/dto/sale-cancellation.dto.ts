import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsString, MaxLength } from 'class-validator';
import type { SaleCancellationReason } from '../../../workflows/callback-types.js';
import { IsOmittable } from '../../common/validation.js';

export class SaleCancellationRequestDto {
  @ApiProperty({ enum: ['return', 'refund'], description: 'the sale was returned (退货) or refunded (退款)' })
  @IsIn(['return', 'refund'])
  reason!: SaleCancellationReason;

  @ApiPropertyOptional({ example: 'customer ordered the wrong model' })
  @IsOmittable() @IsString() @MaxLength(500)
  note?: string;
}

export class SaleCancellationAcceptedDto {
  @ApiProperty() saleId!: string;
  @ApiProperty() message!: string;
}
