import { Module } from '@nestjs/common';
import { CallScriptsController } from './call-scripts.controller.js';
import { CallScriptsService } from './call-scripts.service.js';

@Module({ controllers: [CallScriptsController], providers: [CallScriptsService] })
export class CallScriptsModule {}
