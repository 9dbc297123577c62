import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { PersonCredential } from '../auth/credential.entity.js';
import { hashPassword, passwordProblem } from '../auth/passwords.js';
import { endSessionsOf } from '../auth/sessions.service.js';
import type { Role } from '../auth/roles.js';
import { ConflictError } from '../common/errors.js';
import { fieldsBadRequest, type FieldProblem } from '../common/validation.js';
import { Department, type ChatPlatform } from './department.entity.js';
import { Person, type Locale } from './person.entity.js';

/** A person's fields as the API and the directory file give them: undefined leaves one as it is, null clears it. */
export interface PersonFields {
  displayName?: string;
  roles?: Role[];
  department?: string | null;
  email?: string | null;
  chatHandle?: string | null;
  locale?: Locale;
  active?: boolean;
}

export interface DepartmentFields {
  name?: string;
  chat?: { platform: ChatPlatform; webhookUrl: string; secret?: string } | null;
}

/** What a change did, for the load command's report: created, the fields that changed, or nothing. */
export type Change = { created: true } | { created: false; changed: string[] };

/** Runs an entity's invariant check, answering a 400 naming the field when it fails. */
function checked<T>(field: string, run: () => T): T {
  try {
    return run();
  } catch (err) {
    if (err instanceof Error && !(err instanceof ConflictError)) throw fieldsBadRequest([{ field, problems: [err.message] }]);
    throw err;
  }
}

async function departmentOf(em: EntityManager, code: string | null | undefined, field: string): Promise<Department | null | undefined> {
  if (code === undefined || code === null) return code;
  const department = await em.findOne(Department, { code });
  if (!department) throw fieldsBadRequest([{ field, problems: [`${field} ${code} is not a department of the directory`] }]);
  return department;
}

const snapshotOf = (person: Person) => ({
  displayName: person.displayName,
  roles: person.roles.join(','),
  department: person.department?.code ?? null,
  email: person.email,
  chatHandle: person.chatHandle,
  locale: person.locale,
  active: person.active,
});

/** A new person; 409 when the id is taken. */
export async function createPerson(em: EntityManager, id: string, fields: PersonFields & Pick<Required<PersonFields>, 'displayName' | 'roles'>, prefix = ''): Promise<Person> {
  if (await em.findOne(Person, { id })) throw new ConflictError(`a person with id ${id} is already in the directory`);
  const department = await departmentOf(em, fields.department, `${prefix}department`);
  const person = checked(`${prefix}id`, () => new Person({ ...fields, id, department: department ?? null, locale: fields.locale ?? 'zh-CN' }));
  em.persist(person);
  return person;
}

/** Changes the fields given; answers the names of those that changed. Deactivation ends the person's sessions. */
export async function updatePerson(em: EntityManager, person: Person, fields: PersonFields, now: Date, prefix = ''): Promise<string[]> {
  const before = snapshotOf(person);
  const department = await departmentOf(em, fields.department, `${prefix}department`);
  for (const [field, value] of Object.entries({ ...fields, department })) {
    if (value !== undefined) checked(`${prefix}${field}`, () => person.update({ [field]: value }));
  }
  const after = snapshotOf(person);
  const changed = Object.keys(before).filter((key) => before[key as keyof typeof before] !== after[key as keyof typeof after]);
  if (changed.includes('active') && !person.active) await endSessionsOf(em, person.id, 'deactivated', now);
  return changed;
}

export function createDepartment(em: EntityManager, code: string, fields: DepartmentFields & { name: string }, prefix = ''): Department {
  const department = checked(`${prefix}code`, () => new Department({ code, name: fields.name }));
  if (fields.chat) setChat(department, fields.chat, prefix);
  em.persist(department);
  return department;
}

export function updateDepartment(department: Department, fields: DepartmentFields, prefix = ''): string[] {
  const chatOf = () => JSON.stringify([department.chatPlatform, department.chatWebhookUrl, department.chatSecret]);
  const before = { name: department.name, chat: chatOf() };
  if (fields.name !== undefined) checked(`${prefix}name`, () => department.rename(fields.name!));
  if (fields.chat !== undefined) setChat(department, fields.chat, prefix);
  return [before.name !== department.name ? 'name' : '', before.chat !== chatOf() ? 'chat' : ''].filter(Boolean);
}

function setChat(department: Department, chat: DepartmentFields['chat'], prefix: string): void {
  checked(`${prefix}chat`, () =>
    department.setChat(chat === null || chat === undefined ? {} : { chatPlatform: chat.platform, chatWebhookUrl: chat.webhookUrl, chatSecret: chat.secret ?? null }),
  );
}

/** Flushes, answering 409 when another request created the same id meanwhile. */
export async function flushNew(em: EntityManager, what: string): Promise<void> {
  try {
    await em.flush();
  } catch (err) {
    if (err instanceof UniqueConstraintViolationException) throw new ConflictError(`${what} is already in the directory`);
    throw err;
  }
}

/** Gives the people who have no password yet this one; answers whose it became and who it does not suit. */
export async function giveInitialPasswords(
  em: EntityManager,
  personIds: string[],
  password: string,
  now: Date,
): Promise<{ given: string[]; unsuitable: FieldProblem[] }> {
  const existing = new Set((await em.find(PersonCredential, { personId: { $in: personIds } })).map((c) => c.personId));
  const given: string[] = [];
  const unsuitable: FieldProblem[] = [];
  for (const personId of personIds.filter((id) => !existing.has(id))) {
    const problem = passwordProblem(password, personId);
    if (problem) {
      unsuitable.push({ field: personId, problems: [`DIRECTORY_INITIAL_PASSWORD ${problem}`] });
      continue;
    }
    em.persist(new PersonCredential({ personId, passwordHash: await hashPassword(password), changedAt: now, changedBy: 'directory:load' }));
    given.push(personId);
  }
  return { given, unsuitable };
}
