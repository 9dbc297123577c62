import { EntityManager } from '@mikro-orm/postgresql';
import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/roles.decorator.js';
import { activePeopleInRole } from '../directory/directory.js';
import { CaseOwnerListDto, CaseOwnersQueryDto } from './dto/case-owners.dto.js';

/**
 * Whom a case can be assigned to: the active department owners of the staff directory, for the manager's assignment
 * form. Names and departments only; the directory itself stays the administrator's.
 */
@ApiTags('feedback-cases')
@Controller('case-owners')
export class CaseOwnersController {
  constructor(private readonly em: EntityManager) {}

  @Get()
  @Roles('after_sales_manager', 'general_manager')
  @ApiOkResponse({ type: CaseOwnerListDto, description: 'active department owners, by id' })
  async list(@Query() { department }: CaseOwnersQueryDto): Promise<CaseOwnerListDto> {
    const owners = await activePeopleInRole(this.em.fork(), 'department_owner');
    return {
      items: owners
        .filter((p) => !department || p.department?.code === department)
        .map((p) => ({ id: p.id, displayName: p.displayName, department: p.department?.code ?? null })),
    };
  }
}
