import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsUUID } from 'class-validator';
import { PageQueryDto } from '../../common/paging.js';
import { queryBoolean } from '../../common/validation.js';
import { NOTIFICATION_KINDS } from '../templates.js';

/** Filters of the caller's own inbox; unread entries come first, then newest first. */
export class InboxQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: NOTIFICATION_KINDS })
  @IsOptional() @IsIn(NOTIFICATION_KINDS)
  kind?: string;

  @ApiPropertyOptional({ type: Boolean, description: 'true: only entries read already; false: only unread ones' })
  @IsOptional() @Transform(queryBoolean) @IsBoolean({ message: '$property must be true or false' })
  read?: boolean;
}

export class InboxItemIdParam {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: '$property must be the id (a UUID) of an entry of your inbox' })
  id!: string;
}

/** One entry of a person's inbox: ids, stage and deadline in their language, never a customer's name, phone or words. */
export interface InboxItemView {
  id: string;
  kind: string;
  title: string;
  body: string;
  link: string;
  saleId: string | null;
  callbackId: string | null;
  caseNo: string | null;
  createdAt: string;
  readAt: string | null;
  urgent: boolean;
}

export class InboxItemDto implements InboxItemView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: NOTIFICATION_KINDS }) kind!: string;
  @ApiProperty({ example: '反馈单 20261123-PHONE-001 已分派给您' }) title!: string;
  @ApiProperty({ example: '优先级：高。请在 2026-11-26 17:30 (UTC+08:00) 前提交原因分析（5-Why）和改进计划。' }) body!: string;
  @ApiProperty({ example: 'http://127.0.0.1:3000/app/cases/20261123-PHONE-001' }) link!: string;
  @ApiProperty({ type: String, nullable: true }) saleId!: string | null;
  @ApiProperty({ type: String, nullable: true }) callbackId!: string | null;
  @ApiProperty({ type: String, nullable: true }) caseNo!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) readAt!: string | null;
  @ApiProperty({ description: 'delivered day or night: an external complaint, a missed deadline on a high-priority case' }) urgent!: boolean;
}

export class InboxPageDto {
  @ApiProperty({ type: [InboxItemDto] }) items!: InboxItemDto[];
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
  @ApiProperty({ description: 'entries matching the filters, on all pages' }) total!: number;
  @ApiProperty({ description: 'unread entries in the whole inbox, whatever the filters' }) unread!: number;
}

export class UnreadCountDto {
  @ApiProperty() unread!: number;
}
