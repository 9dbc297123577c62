import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ArchiveService } from './archive.service.js';
import { Roles } from '../auth/roles.decorator.js';
import { ArchivePageDto, ArchiveQueryDto, CustomerArchiveDto, CustomerIdParam } from './dto/archive.dto.js';

const ARCHIVE_READERS = ['agent', 'department_owner', 'after_sales_manager', 'general_manager'] as const;

@ApiTags('archive')
@Controller()
export class ArchiveController {
  constructor(private readonly archive: ArchiveService) {}

  @Get('archive')
  @Roles(...ARCHIVE_READERS)
  @ApiOkResponse({ type: ArchivePageDto, description: 'customers by category, newest first within one, with their counts of surveys and cases' })
  @ApiBadRequestResponse({ description: 'invalid filter; each invalid or unknown parameter is named' })
  list(@Query() query: ArchiveQueryDto): Promise<ArchivePageDto> {
    return this.archive.list(query);
  }

  @Get('customers/:customerId/archive')
  @Roles(...ARCHIVE_READERS)
  @ApiOkResponse({ type: CustomerArchiveDto, description: "the customer's survey records and feedback cases, with timelines and corrective actions" })
  @ApiNotFoundResponse({ description: 'no such customer' })
  customerArchive(@Param() { customerId }: CustomerIdParam): Promise<CustomerArchiveDto> {
    return this.archive.customerArchive(customerId);
  }
}
