import type { EntityManager } from '@mikro-orm/postgresql';
import type { Role } from '../auth/roles.js';
import { Person } from './person.entity.js';

/** The active people in a role ("the after-sales managers", "the general manager"), by id. */
export async function activePeopleInRole(em: EntityManager, role: Role): Promise<Person[]> {
  // roles is a JSON array: @> asks whether it contains the role.
  return em.find(Person, { active: true, roles: { $contains: [role] } }, { orderBy: { id: 'asc' }, populate: ['department'] });
}

/** One person by id (active or not), with their department; null when the directory has nobody of that id. */
export async function personById(em: EntityManager, id: string): Promise<Person | null> {
  return em.findOne(Person, { id }, { populate: ['department'] });
}
