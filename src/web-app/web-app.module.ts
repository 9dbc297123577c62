import { Module } from '@nestjs/common';
import { WebAppController } from './web-app.controller.js';
import { WebAppFiles } from './web-app-files.js';

@Module({ controllers: [WebAppController], providers: [WebAppFiles] })
export class WebAppModule {}
