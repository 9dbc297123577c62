import { Module } from '@nestjs/common';
import { ContactAccessLogService } from './contact-access-log.service.js';
import { ContactSheetsService } from './contact-sheets.service.js';
import { CallSheetController, ContactAccessLogController, RevisitSheetController } from './contacts.controller.js';

/** The contact of a customer, shown to the agent who needs it, and the log of every time it was. */
@Module({
  controllers: [CallSheetController, RevisitSheetController, ContactAccessLogController],
  providers: [ContactSheetsService, ContactAccessLogService],
})
export class ContactsModule {}
