import { Module } from '@nestjs/common';
import { CaseOwnersController } from './case-owners.controller.js';
import { FeedbackController } from './feedback.controller.js';
import { FeedbackService } from './feedback.service.js';

@Module({ controllers: [FeedbackController, CaseOwnersController], providers: [FeedbackService] })
export class FeedbackModule {}
