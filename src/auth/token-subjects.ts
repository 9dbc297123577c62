import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { Person } from '../directory/person.entity.js';

/**
 * Whether a bearer token's subject may still act. A token lives up to ten years, so deactivating a person in the
 * directory must stop their tokens as it ends their sessions; service accounts are not in the directory.
 */
@Injectable()
export class TokenSubjects {
  constructor(private readonly em: EntityManager) {}

  async deactivated(id: string): Promise<boolean> {
    const person = await this.em.fork().findOne(Person, { id }, { fields: ['active'] });
    return person !== null && !person.active;
  }
}
