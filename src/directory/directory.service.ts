import { EntityManager, type FilterQuery } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import { PersonCredential } from '../auth/credential.entity.js';
import { SignInService } from '../auth/sign-in.service.js';
import { CLOCK, type Clock } from '../common/clock.js';
import { ConflictError, NotFoundError } from '../common/errors.js';
import { pageWindow } from '../common/paging.js';
import { Department } from './department.entity.js';
import { createDepartment, createPerson, flushNew, updateDepartment, updatePerson, type DepartmentFields, type PersonFields } from './directory-store.js';
import type {
  DepartmentBodyDto,
  DepartmentListDto,
  DepartmentPatchDto,
  DepartmentViewDto,
  PeopleQueryDto,
  PersonBodyDto,
  PersonPageDto,
  PersonPatchDto,
  PersonViewDto,
} from './dto/directory.dto.js';
import { Person } from './person.entity.js';

function personView(person: Person, hasPassword: boolean): PersonViewDto {
  return {
    id: person.id,
    displayName: person.displayName,
    roles: [...person.roles],
    department: person.department?.code ?? null,
    email: person.email,
    chatHandle: person.chatHandle,
    locale: person.locale,
    active: person.active,
    hasPassword,
    createdAt: person.createdAt.toISOString(),
    updatedAt: person.updatedAt.toISOString(),
  };
}

function departmentView(department: Department, activePeople: number): DepartmentViewDto {
  return {
    code: department.code,
    name: department.name,
    chatPlatform: department.chatPlatform,
    chatWebhookSet: department.chatWebhookUrl !== null,
    chatSecretSet: department.chatSecret !== null,
    activePeople,
    createdAt: department.createdAt.toISOString(),
    updatedAt: department.updatedAt.toISOString(),
  };
}

const personFields = ({ displayName, roles, department, email, chatHandle, locale }: PersonPatchDto): PersonFields => ({
  displayName,
  roles,
  department,
  email,
  chatHandle,
  locale,
});

/** The administrator's view of the staff directory: people, departments, activation and passwords. */
@Injectable()
export class DirectoryService {
  constructor(
    private readonly em: EntityManager,
    private readonly signIn: SignInService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async listPeople(query: PeopleQueryDto): Promise<PersonPageDto> {
    const where: FilterQuery<Person> = {};
    if (query.department) where.department = { code: query.department };
    if (query.active !== undefined) where.active = query.active;
    if (query.role) Object.assign(where, { roles: { $contains: [query.role] } });
    const em = this.em.fork();
    const [people, total] = await em.findAndCount(Person, where, { orderBy: { id: 'asc' }, populate: ['department'], ...pageWindow(query) });
    const withPassword = await this.withPassword(em, people.map((p) => p.id));
    return { items: people.map((p) => personView(p, withPassword.has(p.id))), page: query.page, pageSize: query.pageSize, total };
  }

  async person(id: string): Promise<PersonViewDto> {
    const em = this.em.fork();
    const person = await this.existingPerson(em, id);
    return personView(person, (await this.withPassword(em, [id])).has(id));
  }

  async createPerson(dto: PersonBodyDto): Promise<PersonViewDto> {
    const em = this.em.fork();
    const person = await createPerson(em, dto.id, { ...personFields(dto), displayName: dto.displayName, roles: dto.roles });
    await flushNew(em, `a person with id ${dto.id}`);
    return personView(person, false);
  }

  async updatePerson(id: string, dto: PersonPatchDto): Promise<PersonViewDto> {
    return this.changePerson(id, personFields(dto));
  }

  /** Deactivated: keeps every record, cannot sign in, their sessions end, and they are told nothing new. */
  async setActive(id: string, active: boolean): Promise<PersonViewDto> {
    return this.changePerson(id, { active });
  }

  async setPassword(id: string, password: string, administratorId: string): Promise<void> {
    await this.signIn.setPassword(id, password, administratorId);
  }

  async listDepartments(): Promise<DepartmentListDto> {
    const em = this.em.fork();
    const departments = await em.find(Department, {}, { orderBy: { code: 'asc' } });
    const counts = await this.activeCounts(em);
    return { items: departments.map((d) => departmentView(d, counts.get(d.code) ?? 0)) };
  }

  async department(code: string): Promise<DepartmentViewDto> {
    const em = this.em.fork();
    const department = await this.existingDepartment(em, code);
    return departmentView(department, (await this.activeCounts(em)).get(code) ?? 0);
  }

  async createDepartment(dto: DepartmentBodyDto): Promise<DepartmentViewDto> {
    const em = this.em.fork();
    if (await em.findOne(Department, { code: dto.code })) throw new ConflictError(`a department with code ${dto.code} is already in the directory`);
    const department = createDepartment(em, dto.code, { name: dto.name, chat: dto.chat });
    await flushNew(em, `a department with code ${dto.code}`);
    return departmentView(department, 0);
  }

  async updateDepartment(code: string, dto: DepartmentPatchDto): Promise<DepartmentViewDto> {
    const em = this.em.fork();
    const department = await this.existingDepartment(em, code);
    updateDepartment(department, { name: dto.name, chat: dto.chat } satisfies DepartmentFields);
    await em.flush();
    return departmentView(department, (await this.activeCounts(em)).get(code) ?? 0);
  }

  private async changePerson(id: string, fields: PersonFields): Promise<PersonViewDto> {
    const em = this.em.fork();
    const person = await this.existingPerson(em, id);
    await updatePerson(em, person, fields, this.clock.now());
    await em.flush();
    return personView(person, (await this.withPassword(em, [id])).has(id));
  }

  private async existingPerson(em: EntityManager, id: string): Promise<Person> {
    const person = await em.findOne(Person, { id }, { populate: ['department'] });
    if (!person) throw new NotFoundError(`nobody with id ${id} is in the staff directory`);
    return person;
  }

  private async existingDepartment(em: EntityManager, code: string): Promise<Department> {
    const department = await em.findOne(Department, { code });
    if (!department) throw new NotFoundError(`no department ${code} in the staff directory`);
    return department;
  }

  private async withPassword(em: EntityManager, ids: string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    return new Set((await em.find(PersonCredential, { personId: { $in: ids } }, { fields: ['personId'] })).map((c) => c.personId));
  }

  private async activeCounts(em: EntityManager): Promise<Map<string, number>> {
    const rows = await em
      .getConnection()
      .execute<{ code: string; count: string }[]>('select "department_code" as "code", count(*) as "count" from "person" where "active" and "department_code" is not null group by 1');
    return new Map(rows.map((r) => [r.code, Number(r.count)]));
  }
}
