import { Module } from '@nestjs/common';
import { CallbacksController } from './callbacks.controller.js';
import { CallbacksService } from './callbacks.service.js';
import { CallsController } from './calls.controller.js';

@Module({ controllers: [CallbacksController, CallsController], providers: [CallbacksService] })
export class CallbacksModule {}
