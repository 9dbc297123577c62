import type { EntityManager } from '@mikro-orm/postgresql';

/** Inserts the row unless one with the same `conflictField` exists; true when this call inserted it. */
export async function insertIgnoringConflict<T extends object>(
  em: EntityManager,
  entityName: new (...args: never[]) => T,
  entity: T,
  conflictField: keyof T & string,
): Promise<boolean> {
  const result = await em
    .createQueryBuilder(entityName)
    // A plain copy: given the instance itself, the query builder would encode its JSON properties twice.
    .insert({ ...entity })
    .onConflict(conflictField as never)
    .ignore()
    .execute<{ affectedRows: number }>('run');
  return result.affectedRows > 0;
}
