import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBadRequestResponse, ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Caller } from '../auth/auth.service.js';
import { CurrentCaller } from '../auth/current-caller.js';
import { Roles } from '../auth/roles.decorator.js';
import { ROLES } from '../auth/roles.js';
import { DeliveriesService } from './deliveries.service.js';
import { DeliveriesQueryDto, DeliveryPageDto, RedeliveryDto, RedeliveryRequestDto } from './dto/deliveries.dto.js';
import { InboxItemDto, InboxItemIdParam, InboxPageDto, InboxQueryDto, UnreadCountDto } from './dto/inbox.dto.js';
import { InboxService } from './inbox.service.js';

@ApiTags('notifications')
@Controller('notifications')
export class NotificationsController {
  constructor(
    private readonly inbox: InboxService,
    private readonly deliveries: DeliveriesService,
  ) {}

  @Get()
  @Roles(...ROLES)
  @ApiOkResponse({ type: InboxPageDto, description: "one page of the caller's own inbox, unread first, then newest first" })
  @ApiBadRequestResponse({ description: 'invalid filter; each invalid or unknown parameter is named' })
  list(@CurrentCaller() caller: Caller, @Query() query: InboxQueryDto): Promise<InboxPageDto> {
    return this.inbox.list(caller.id, query);
  }

  @Get('unread-count')
  @Roles(...ROLES)
  @ApiOkResponse({ type: UnreadCountDto, description: "unread entries in the caller's inbox" })
  unreadCount(@CurrentCaller() caller: Caller): Promise<UnreadCountDto> {
    return this.inbox.unreadCount(caller.id);
  }

  @Get('deliveries')
  @Roles('administrator')
  @ApiOkResponse({ type: DeliveryPageDto, description: 'delivery status per notification, person and channel, most recently changed first' })
  @ApiBadRequestResponse({ description: 'invalid filter; each invalid or unknown parameter is named' })
  listDeliveries(@Query() query: DeliveriesQueryDto): Promise<DeliveryPageDto> {
    return this.deliveries.list(query);
  }

  @Post('deliveries/redelivery')
  @HttpCode(HttpStatus.ACCEPTED)
  @Roles('administrator')
  @ApiAcceptedResponse({ type: RedeliveryDto, description: 'the delivery runs again: the failed sends go again and unresolved addressees are looked up again' })
  @ApiBadRequestResponse({ description: 'notificationKey missing or too long' })
  @ApiNotFoundResponse({ description: 'no such notification' })
  @ApiConflictResponse({ description: 'nothing of the notification failed, or its delivery is still under way' })
  redeliver(@Body() { notificationKey }: RedeliveryRequestDto): Promise<RedeliveryDto> {
    return this.deliveries.redeliver(notificationKey);
  }

  @Post(':id/read')
  @HttpCode(HttpStatus.OK)
  @Roles(...ROLES)
  @ApiOkResponse({ type: InboxItemDto, description: 'the entry, read; marking it again keeps the first time' })
  @ApiBadRequestResponse({ description: 'the id is not a UUID' })
  @ApiNotFoundResponse({ description: "no such entry in the caller's inbox (another person's entries are not visible)" })
  markRead(@CurrentCaller() caller: Caller, @Param() { id }: InboxItemIdParam): Promise<InboxItemDto> {
    return this.inbox.markRead(caller.id, id);
  }
}
