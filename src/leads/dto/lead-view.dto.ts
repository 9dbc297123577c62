import { ApiProperty } from '@nestjs/swagger';
import { LEAD_STATUSES, type LeadStatus } from '../lead.entity.js';

/** One repurchase lead; no names or phone numbers, the sales owner looks the customer up by id. */
export interface LeadView {
  leadId: string;
  saleId: string;
  customerId: string;
  salesOwner: string;
  productInterest: string;
  status: LeadStatus;
  createdAt: string;
}

export class LeadViewDto implements LeadView {
  @ApiProperty() leadId!: string;
  @ApiProperty({ example: 'S-2026-0001' }) saleId!: string;
  @ApiProperty({ example: 'C-1001' }) customerId!: string;
  @ApiProperty({ example: 'li.lei' }) salesOwner!: string;
  @ApiProperty({ example: 'two more XR-200 next year', description: 'what the customer would buy again, in their words' })
  productInterest!: string;
  @ApiProperty({ enum: LEAD_STATUSES }) status!: LeadStatus;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class LeadPageDto {
  @ApiProperty({ type: [LeadViewDto] }) items!: LeadViewDto[];
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
  @ApiProperty({ description: 'leads matching the filters, on all pages' }) total!: number;
}
