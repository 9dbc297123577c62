import { ApiProperty } from '@nestjs/swagger';
import { CUSTOMER_CATEGORIES, type CustomerCategory, type FollowUpStage, type SaleFollowUpState } from '../../../workflows/sale-types.js';

export class SaleStateDto implements SaleFollowUpState {
  @ApiProperty() saleId!: string;
  @ApiProperty() orderNo!: string;
  @ApiProperty() customerId!: string;
  @ApiProperty({ enum: CUSTOMER_CATEGORIES }) customerCategory!: CustomerCategory;
  @ApiProperty() productModel!: string;
  @ApiProperty({ example: '2026-11-20' }) deliveredOn!: string;
  @ApiProperty() warrantyMonths!: number;
  @ApiProperty({ enum: ['registering', 'following'] }) stage!: FollowUpStage;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) registeredAt!: string | null;
}
