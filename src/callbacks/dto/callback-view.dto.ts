import { ApiProperty } from '@nestjs/swagger';
import { CALLBACK_KINDS, CALLBACK_STATUSES, type CallbackKind, type CallbackStatus } from '../../../workflows/callback-types.js';
import { CUSTOMER_CATEGORIES, type CustomerCategory } from '../../../workflows/sale-types.js';

/** One callback in the agents' queue; no names or phone numbers, those are shown only to the agent who claims it. */
export interface CallbackView {
  callbackId: string;
  saleId: string;
  kind: CallbackKind;
  status: CallbackStatus;
  nominalDate: string;
  dueAt: string;
  late: boolean;
  customerId: string;
  customerCategory: CustomerCategory;
  claimedBy: string | null;
  claimedAt: string | null;
  attempts: number;
}

export class CallbackViewDto implements CallbackView {
  @ApiProperty({ example: 'S-2026-0001-C1' }) callbackId!: string;
  @ApiProperty({ example: 'S-2026-0001' }) saleId!: string;
  @ApiProperty({ enum: CALLBACK_KINDS }) kind!: CallbackKind;
  @ApiProperty({ enum: CALLBACK_STATUSES }) status!: CallbackStatus;
  @ApiProperty({ example: '2026-12-20', description: 'the local date the rule names' }) nominalDate!: string;
  @ApiProperty({ format: 'date-time', description: 'when the callback enters the agents\' queue' }) dueAt!: string;
  @ApiProperty({ description: 'the sale was reported after this callback was due' }) late!: boolean;
  @ApiProperty({ example: 'C-1001' }) customerId!: string;
  @ApiProperty({ enum: CUSTOMER_CATEGORIES }) customerCategory!: CustomerCategory;
  @ApiProperty({ type: String, nullable: true, description: 'the agent who claimed it' }) claimedBy!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) claimedAt!: string | null;
  @ApiProperty({ description: 'call attempts so far' }) attempts!: number;
}

export class CallbackPageDto {
  @ApiProperty({ type: [CallbackViewDto] }) items!: CallbackViewDto[];
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
  @ApiProperty({ description: 'callbacks matching the filters, on all pages' }) total!: number;
}
