import { Module } from '@nestjs/common';
import { DeliveriesService } from './deliveries.service.js';
import { InboxService } from './inbox.service.js';
import { NotificationsController } from './notifications.controller.js';

@Module({ controllers: [NotificationsController], providers: [InboxService, DeliveriesService] })
export class NotificationsModule {}
