import { Body, Controller, Get, HttpCode, HttpStatus, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Caller } from '../auth/auth.service.js';
import { CurrentCaller } from '../auth/current-caller.js';
import { Roles } from '../auth/roles.decorator.js';
import { requireSomeField } from '../common/validation.js';
import { DirectoryService } from './directory.service.js';
import {
  DepartmentBodyDto,
  DepartmentCodeParam,
  DepartmentListDto,
  DepartmentPatchDto,
  DepartmentViewDto,
  PasswordDto,
  PeopleQueryDto,
  PersonBodyDto,
  PersonIdParam,
  PersonPageDto,
  PersonPatchDto,
  PersonViewDto,
} from './dto/directory.dto.js';

const NOT_FOUND = 'nobody of that id in the directory';

/** The administrator's API of the staff directory. Password hashes, webhook URLs and secrets are never answered. */
@Roles('administrator')
@ApiTags('directory')
@Controller('directory')
export class DirectoryController {
  constructor(private readonly directory: DirectoryService) {}

  @Get('people')
  @ApiOkResponse({ type: PersonPageDto, description: 'one page of people, by id' })
  listPeople(@Query() query: PeopleQueryDto): Promise<PersonPageDto> {
    return this.directory.listPeople(query);
  }

  @Post('people')
  @ApiCreatedResponse({ type: PersonViewDto, description: 'the person, active and without a password yet' })
  @ApiConflictResponse({ description: 'the id is taken' })
  createPerson(@Body() dto: PersonBodyDto): Promise<PersonViewDto> {
    return this.directory.createPerson(dto);
  }

  @Get('people/:personId')
  @ApiOkResponse({ type: PersonViewDto })
  @ApiNotFoundResponse({ description: NOT_FOUND })
  person(@Param() { personId }: PersonIdParam): Promise<PersonViewDto> {
    return this.directory.person(personId);
  }

  @Patch('people/:personId')
  @ApiOkResponse({ type: PersonViewDto, description: 'the fields given changed; null clears department, email or chatHandle' })
  @ApiNotFoundResponse({ description: NOT_FOUND })
  updatePerson(@Param() { personId }: PersonIdParam, @Body() dto: PersonPatchDto): Promise<PersonViewDto> {
    return this.directory.updatePerson(personId, requireSomeField(dto, ['displayName', 'roles', 'department', 'email', 'chatHandle', 'locale']));
  }

  @Post('people/:personId/deactivation')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: PersonViewDto, description: 'deactivated (again: unchanged): their sessions have ended, they cannot sign in and are told nothing new; their records stay' })
  @ApiNotFoundResponse({ description: NOT_FOUND })
  deactivate(@Param() { personId }: PersonIdParam): Promise<PersonViewDto> {
    return this.directory.setActive(personId, false);
  }

  @Post('people/:personId/activation')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: PersonViewDto, description: 'active again (again: unchanged)' })
  @ApiNotFoundResponse({ description: NOT_FOUND })
  activate(@Param() { personId }: PersonIdParam): Promise<PersonViewDto> {
    return this.directory.setActive(personId, true);
  }

  @Put('people/:personId/password')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({ description: 'set or reset: every session of the person has ended' })
  @ApiBadRequestResponse({ description: 'the password breaks a rule, named in fields' })
  @ApiNotFoundResponse({ description: NOT_FOUND })
  async setPassword(@Param() { personId }: PersonIdParam, @Body() dto: PasswordDto, @CurrentCaller() caller: Caller): Promise<void> {
    await this.directory.setPassword(personId, dto.password, caller.id);
  }

  @Get('departments')
  @ApiOkResponse({ type: DepartmentListDto, description: 'every department, by code' })
  listDepartments(): Promise<DepartmentListDto> {
    return this.directory.listDepartments();
  }

  @Post('departments')
  @ApiCreatedResponse({ type: DepartmentViewDto })
  @ApiConflictResponse({ description: 'the code is taken' })
  createDepartment(@Body() dto: DepartmentBodyDto): Promise<DepartmentViewDto> {
    return this.directory.createDepartment(dto);
  }

  @Get('departments/:code')
  @ApiOkResponse({ type: DepartmentViewDto })
  @ApiNotFoundResponse({ description: 'no department of that code' })
  department(@Param() { code }: DepartmentCodeParam): Promise<DepartmentViewDto> {
    return this.directory.department(code);
  }

  @Patch('departments/:code')
  @ApiOkResponse({ type: DepartmentViewDto, description: 'the fields given changed; chat null removes the robot' })
  @ApiNotFoundResponse({ description: 'no department of that code' })
  updateDepartment(@Param() { code }: DepartmentCodeParam, @Body() dto: DepartmentPatchDto): Promise<DepartmentViewDto> {
    return this.directory.updateDepartment(code, requireSomeField(dto, ['name', 'chat']));
  }
}
