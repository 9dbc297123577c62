import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../common/paging.js';
import { DELIVERY_STATUSES, type DeliveryStatus } from '../notification-delivery.entity.js';
import { NOTIFICATION_CHANNELS, type NotificationChannel } from '../notification.entity.js';
import { NOTIFICATION_KINDS } from '../templates.js';

/** Filters of the administrators' delivery list; most recently changed first. */
export class DeliveriesQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: DELIVERY_STATUSES })
  @IsOptional() @IsIn(DELIVERY_STATUSES)
  status?: DeliveryStatus;

  @ApiPropertyOptional({ enum: NOTIFICATION_CHANNELS })
  @IsOptional() @IsIn(NOTIFICATION_CHANNELS)
  channel?: NotificationChannel;

  @ApiPropertyOptional({ enum: NOTIFICATION_KINDS })
  @IsOptional() @IsIn(NOTIFICATION_KINDS)
  kind?: string;

  @ApiPropertyOptional({ description: 'only deliveries to this person (their id, e.g. owner.liu)' })
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(100)
  recipientId?: string;
}

/** Where one notification stands for one person on one channel. */
export interface DeliveryView {
  id: string;
  notificationKey: string;
  kind: string;
  saleId: string | null;
  caseNo: string | null;
  recipientId: string | null;
  channel: NotificationChannel;
  status: DeliveryStatus;
  attempts: number;
  lastError: string | null;
  notBefore: string | null;
  sentAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export class DeliveryDto implements DeliveryView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'case-escalation:20261123-PHONE-001:1:assigned:2026-11-24T02:00:00.000Z' }) notificationKey!: string;
  @ApiProperty({ enum: NOTIFICATION_KINDS }) kind!: string;
  @ApiProperty({ type: String, nullable: true }) saleId!: string | null;
  @ApiProperty({ type: String, nullable: true }) caseNo!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'null: the recipient resolved to nobody active in the directory' })
  recipientId!: string | null;
  @ApiProperty({ enum: NOTIFICATION_CHANNELS }) channel!: NotificationChannel;
  @ApiProperty({ enum: DELIVERY_STATUSES }) status!: DeliveryStatus;
  @ApiProperty() attempts!: number;
  @ApiProperty({ type: String, nullable: true, description: 'the last error, without personal data' }) lastError!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'waiting: held until this time' }) notBefore!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) sentAt!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class DeliveryPageDto {
  @ApiProperty({ type: [DeliveryDto] }) items!: DeliveryDto[];
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
  @ApiProperty() total!: number;
}

/** An administrator asks for a notification to be delivered again, once the cause of its failures is fixed. */
export class RedeliveryRequestDto {
  @ApiProperty({ example: 'case-escalation:20261123-PHONE-001:1:assigned:2026-11-24T02:00:00.000Z', description: 'the notification, as the delivery list names it' })
  @IsString() @IsNotEmpty() @MaxLength(200)
  notificationKey!: string;
}

export class RedeliveryDto {
  @ApiProperty() notificationKey!: string;
  @ApiProperty({ example: 'notification-case-escalation:20261123-PHONE-001:1:assigned:2026-11-24T02:00:00.000Z', description: 'the DeliverNotification workflow run again (Temporal UI)' })
  workflowId!: string;
  @ApiProperty({ description: 'e-mails and chat posts that had failed and go again' }) failedSends!: number;
  @ApiProperty({ description: 'addressees nobody active was found for, looked up in the directory again' }) unresolvedAddressees!: number;
}
