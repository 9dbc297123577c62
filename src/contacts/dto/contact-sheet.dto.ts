import { ApiProperty } from '@nestjs/swagger';
import { ArchiveCaseEventDto, ArchiveCorrectiveActionDto, ArchiveSurveyDto } from '../../archive/dto/archive.dto.js';
import { CallbackViewDto } from '../../callbacks/dto/callback-view.dto.js';
import { FeedbackCaseViewDto } from '../../feedback/dto/feedback-case-view.dto.js';
import { CallAttemptViewDto } from '../../sales/dto/sale-state.dto.js';
import { CALLBACK_KINDS, type CallbackKind } from '../../../workflows/callback-types.js';
import { CUSTOMER_CATEGORIES, type CustomerCategory } from '../../../workflows/sale-types.js';
import { CONTACT_ACCESS_PURPOSES, type ContactAccessPurpose } from '../contact-access.entity.js';

export const CONTACT_ROLES = ['actual_user', 'buyer'] as const;
export type ContactRole = (typeof CONTACT_ROLES)[number];

/** A person to call. Shown only on a call or re-visit sheet, each read recorded in the contact access log. */
export class ContactDto {
  @ApiProperty({ enum: CONTACT_ROLES, description: 'actual_user: who uses the product (called first); buyer: who bought it' }) role!: ContactRole;
  @ApiProperty({ example: '李强' }) name!: string;
  @ApiProperty({ type: String, nullable: true, example: '设备科科长' }) title!: string | null;
  @ApiProperty({ example: '+86 139 0000 0000' }) phone!: string;
  @ApiProperty({ type: String, nullable: true, example: 'li.qiang@example.com' }) email!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'call after 15:00' }) specialNeeds!: string | null;
}

export class SheetCustomerDto {
  @ApiProperty({ example: 'C-1001' }) id!: string;
  @ApiProperty({ example: '华东第一人民医院', description: 'the buying organisation' }) name!: string;
  @ApiProperty({ enum: CUSTOMER_CATEGORIES }) category!: CustomerCategory;
  @ApiProperty() keyAccount!: boolean;
  @ApiProperty({ type: String, nullable: true, example: '华东' }) region!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'healthcare' }) industry!: string | null;
}

export class SheetProductDto {
  @ApiProperty({ example: 'XR-200' }) model!: string;
  @ApiProperty({ example: 2 }) quantity!: number;
  @ApiProperty({ example: 'PO-88001' }) orderNo!: string;
  @ApiProperty({ example: '2026-11-20' }) deliveredOn!: string;
  @ApiProperty({ example: 12 }) warrantyMonths!: number;
  @ApiProperty({ example: '2027-11-20', description: 'deliveredOn plus warrantyMonths calendar months' }) warrantyEndsOn!: string;
  @ApiProperty({ example: 'li.lei', description: "the sale's sales owner, who receives repurchase leads" }) salesOwner!: string;
}

export class ContactAccessRecordDto {
  @ApiProperty({ format: 'uuid', description: 'the entry of the contact access log that records this read' }) id!: string;
  @ApiProperty({ format: 'date-time' }) accessedAt!: string;
}

/** What one read of a customer's contact shows, besides the reason for it. */
class ContactSheetDto {
  @ApiProperty({ type: ContactAccessRecordDto }) access!: ContactAccessRecordDto;
  @ApiProperty({ type: [ContactDto], description: 'whom to call: the actual user first (when known), then the buyer' }) contacts!: ContactDto[];
  @ApiProperty({ type: SheetCustomerDto }) customer!: SheetCustomerDto;
  @ApiProperty({ type: SheetProductDto }) product!: SheetProductDto;
}

export class CallSheetDto extends ContactSheetDto {
  @ApiProperty({ type: CallbackViewDto, description: 'the callback being called, claimed by the caller' }) callback!: CallbackViewDto;
  @ApiProperty({ enum: CALLBACK_KINDS, description: 'the call script to follow: GET /call-scripts/{scriptKind}' }) scriptKind!: CallbackKind;
  @ApiProperty({ type: [CallbackViewDto], description: "all of the sale's callbacks, this one included, in order" }) callbacks!: CallbackViewDto[];
  @ApiProperty({ type: [CallAttemptViewDto], description: "every call attempt of the sale's callbacks, oldest first" }) attempts!: CallAttemptViewDto[];
  @ApiProperty({ type: [ArchiveSurveyDto], description: "the sale's survey records, oldest first" }) surveys!: ArchiveSurveyDto[];
  @ApiProperty({ type: [FeedbackCaseViewDto], description: "the sale's feedback cases that are not closed" }) openCases!: FeedbackCaseViewDto[];
}

export class RevisitSheetDto extends ContactSheetDto {
  @ApiProperty({ type: FeedbackCaseViewDto, description: 'the case being re-visited, in stage revisiting' }) case!: FeedbackCaseViewDto;
  @ApiProperty({ enum: ['revisit'], description: 'the call script to follow: GET /call-scripts/revisit' }) scriptKind!: 'revisit';
  @ApiProperty({ example: '开机太慢，售后响应也慢', description: "the customer's own words that opened the case" }) customerWords!: string;
  @ApiProperty({ type: [ArchiveCaseEventDto], description: "the case's timeline, in order" }) timeline!: ArchiveCaseEventDto[];
  @ApiProperty({ type: [ArchiveCorrectiveActionDto], description: 'the measures of the plan' }) correctiveActions!: ArchiveCorrectiveActionDto[];
}

export class ContactAccessDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'A-1001', description: 'who read the contact' }) personId!: string;
  @ApiProperty({ example: 'agent', description: 'the role they read it in' }) role!: string;
  @ApiProperty({ example: 'C-1001' }) customerId!: string;
  @ApiProperty({ example: 'S-2026-0001' }) saleId!: string;
  @ApiProperty({ enum: CONTACT_ACCESS_PURPOSES, description: 'callback: the claimed callback; revisit: the re-visit of a feedback case' }) purpose!: ContactAccessPurpose;
  @ApiProperty({ type: String, nullable: true, example: 'S-2026-0001-C1' }) callbackId!: string | null;
  @ApiProperty({ type: String, nullable: true, example: '20261123-PHONE-001' }) caseNo!: string | null;
  @ApiProperty({ format: 'date-time' }) accessedAt!: string;
}

export class ContactAccessPageDto {
  @ApiProperty({ type: [ContactAccessDto] }) items!: ContactAccessDto[];
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
  @ApiProperty({ description: 'entries matching the filters, on all pages' }) total!: number;
}
