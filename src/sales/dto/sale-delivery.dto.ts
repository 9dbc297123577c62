import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsDefined,
  IsEmail,
  IsIn,
  IsInt,
  IsISO8601,
  IsNotEmpty,
  IsObject,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { EXTERNAL_ID, EXTERNAL_ID_MESSAGE } from '../../common/ids.js';
import { CUSTOMER_CATEGORIES, type CustomerCategory } from '../../../workflows/sale-types.js';
import { IsOmittable } from '../../common/validation.js';
import { IsInSupportedYears } from '../../common/dates.js';


export class ContactPersonDto {
  @ApiProperty({ example: '王芳' })
  @IsString() @IsNotEmpty() @MaxLength(100)
  name!: string;

  @ApiPropertyOptional({ example: '设备科科长' })
  @IsOmittable() @IsString() @MaxLength(100)
  title?: string;

  @ApiProperty({ example: '+86 138 0000 0000' })
  @Matches(/^\+?[0-9][0-9 -]{5,24}$/, { message: '$property must be a phone number (digits, spaces, dashes, optional +)' })
  phone!: string;

  @ApiPropertyOptional({ example: 'wang.fang@example.com' })
  @IsOmittable() @IsEmail()
  email?: string;

  @ApiPropertyOptional({ example: 'call after 15:00' })
  @IsOmittable() @IsString() @MaxLength(500)
  specialNeeds?: string;
}

export class CustomerDto {
  @ApiProperty({ example: 'C-1001', description: "the sales system's customer id" })
  @Matches(EXTERNAL_ID, { message: EXTERNAL_ID_MESSAGE })
  id!: string;

  @ApiProperty({ example: '华东第一人民医院' })
  @IsString() @IsNotEmpty() @MaxLength(200)
  name!: string;

  @ApiProperty({ enum: CUSTOMER_CATEGORIES })
  @IsIn(CUSTOMER_CATEGORIES)
  category!: CustomerCategory;

  @ApiProperty({ description: 'key account (重点客户) rather than ordinary' })
  @IsBoolean()
  keyAccount!: boolean;

  @ApiPropertyOptional({ example: '华东' })
  @IsOmittable() @IsString() @MaxLength(100)
  region?: string;

  @ApiPropertyOptional({ example: 'healthcare' })
  @IsOmittable() @IsString() @MaxLength(100)
  industry?: string;
}

export class ProductDto {
  @ApiProperty({ example: 'XR-200' })
  @IsString() @IsNotEmpty() @MaxLength(100)
  model!: string;

  @ApiProperty({ example: 2, minimum: 1 })
  @IsInt() @Min(1) @Max(1_000_000)
  quantity!: number;
}

export class SaleDeliveryDto {
  @ApiProperty({ example: 'S-2026-0001', description: "the sales system's sale id; the workflow is `sale-<saleId>`" })
  @Matches(EXTERNAL_ID, { message: EXTERNAL_ID_MESSAGE })
  saleId!: string;

  @ApiProperty({ example: 'PO-88001' })
  @IsString() @IsNotEmpty() @MaxLength(64)
  orderNo!: string;

  @ApiProperty({ type: CustomerDto })
  @IsDefined() @IsObject() @ValidateNested() @Type(() => CustomerDto)
  customer!: CustomerDto;

  @ApiProperty({ type: ContactPersonDto, description: 'who bought the product' })
  @IsDefined() @IsObject() @ValidateNested() @Type(() => ContactPersonDto)
  buyer!: ContactPersonDto;

  @ApiPropertyOptional({ type: ContactPersonDto, description: 'who uses it (使用人); callbacks go to them first' })
  @IsOmittable() @IsObject() @ValidateNested() @Type(() => ContactPersonDto)
  actualUser?: ContactPersonDto;

  @ApiProperty({ type: ProductDto })
  @IsDefined() @IsObject() @ValidateNested() @Type(() => ProductDto)
  product!: ProductDto;

  @ApiProperty({ example: '2026-11-20', description: 'local delivery date, YYYY-MM-DD' })
  @IsISO8601({ strict: true, strictSeparator: true }) @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: '$property must be a date YYYY-MM-DD' })
  @IsInSupportedYears()
  deliveredOn!: string;

  @ApiPropertyOptional({ example: 12, default: 12, minimum: 1, maximum: 120 })
  @IsOmittable() @IsInt() @Min(1) @Max(120)
  warrantyMonths?: number;

  @ApiProperty({ example: 'li.lei', description: 'sales owner who receives repurchase leads' })
  @IsString() @IsNotEmpty() @MaxLength(100)
  salesOwner!: string;
}

export class SaleDeliveryAcceptedDto {
  @ApiProperty() saleId!: string;
  @ApiProperty() workflowId!: string;
  @ApiProperty({ description: 'false when this sale was already delivered: nothing new was started' })
  created!: boolean;
  @ApiProperty() message!: string;
}

/** The customer's fields a correction may change: its segment and name, never its id (another customer is another sale). */
export class CustomerCorrectionDto {
  @ApiPropertyOptional({ example: '华东第一人民医院' })
  @IsOmittable() @IsString() @IsNotEmpty() @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ enum: CUSTOMER_CATEGORIES })
  @IsOmittable() @IsIn(CUSTOMER_CATEGORIES)
  category?: CustomerCategory;

  @ApiPropertyOptional({ description: 'key account (重点客户) rather than ordinary' })
  @IsOmittable() @IsBoolean()
  keyAccount?: boolean;

  @ApiPropertyOptional({ example: '华东' })
  @IsOmittable() @IsString() @MaxLength(100)
  region?: string;

  @ApiPropertyOptional({ example: 'healthcare' })
  @IsOmittable() @IsString() @MaxLength(100)
  industry?: string;
}

export class ProductCorrectionDto {
  @ApiPropertyOptional({ example: 'XR-200' })
  @IsOmittable() @IsString() @IsNotEmpty() @MaxLength(100)
  model?: string;

  @ApiPropertyOptional({ example: 2, minimum: 1 })
  @IsOmittable() @IsInt() @Min(1) @Max(1_000_000)
  quantity?: number;
}

/**
 * A correction of a recorded sale: only the fields that change. A contact (buyer, actual user) is replaced whole;
 * the sale's and the customer's ids cannot change.
 */
export class SaleCorrectionDto {
  @ApiPropertyOptional({ example: 'PO-88001' })
  @IsOmittable() @IsString() @IsNotEmpty() @MaxLength(64)
  orderNo?: string;

  @ApiPropertyOptional({ type: CustomerCorrectionDto, description: 'the customer segment (category, key account, region, industry) and name' })
  @IsOmittable() @ValidateNested() @Type(() => CustomerCorrectionDto)
  customer?: CustomerCorrectionDto;

  @ApiPropertyOptional({ type: ContactPersonDto, description: 'who bought the product, replaced whole' })
  @IsOmittable() @ValidateNested() @Type(() => ContactPersonDto)
  buyer?: ContactPersonDto;

  @ApiPropertyOptional({ type: ContactPersonDto, description: 'who uses it (使用人), replaced whole' })
  @IsOmittable() @ValidateNested() @Type(() => ContactPersonDto)
  actualUser?: ContactPersonDto;

  @ApiPropertyOptional({ type: ProductCorrectionDto })
  @IsOmittable() @ValidateNested() @Type(() => ProductCorrectionDto)
  product?: ProductCorrectionDto;

  @ApiPropertyOptional({ example: '2026-11-20', description: 'local delivery date, YYYY-MM-DD: the callbacks not yet opened move with it' })
  @IsOmittable()
  @IsISO8601({ strict: true, strictSeparator: true }) @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: '$property must be a date YYYY-MM-DD' })
  @IsInSupportedYears()
  deliveredOn?: string;

  @ApiPropertyOptional({ example: 24, minimum: 1, maximum: 120, description: 'the warranty callback moves with it, if not yet opened' })
  @IsOmittable() @IsInt() @Min(1) @Max(120)
  warrantyMonths?: number;

  @ApiPropertyOptional({ example: 'li.lei', description: 'sales owner who receives repurchase leads from now on' })
  @IsOmittable() @IsString() @IsNotEmpty() @MaxLength(100)
  salesOwner?: string;
}

export class SaleCorrectedDto {
  @ApiProperty() saleId!: string;
  @ApiProperty({ description: "the sale's corrections so far; unchanged when nothing differed" }) revision!: number;
  @ApiProperty({ type: [String], example: ['deliveredOn', 'buyer.phone'], description: 'the fields this correction changed' }) changed!: string[];
  @ApiProperty({ type: [String], example: ['S-2026-0001-C1'], description: 'the callbacks not yet opened that moved to new due times' }) replanned!: string[];
  @ApiProperty() message!: string;
}
