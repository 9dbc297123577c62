import type { EntityManager } from '@mikro-orm/postgresql';
import { BadRequestException } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { fieldProblems } from '../common/validation.js';
import { Department } from './department.entity.js';
import { createDepartment, createPerson, giveInitialPasswords, updateDepartment, updatePerson } from './directory-store.js';
import { DirectoryFileDto } from './dto/directory.dto.js';
import { Person } from './person.entity.js';

export class DirectoryFileError extends Error {}

/** A directory file checked field by field, as the API checks its bodies; every problem named with its path. */
export function parseDirectoryFile(text: string): DirectoryFileDto {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new DirectoryFileError(`not valid JSON: ${(err as Error).message}`);
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) throw new DirectoryFileError('must be a JSON object {"departments": [...], "people": [...]}');
  const file = plainToInstance(DirectoryFileDto, json);
  const errors = validateSync(file, { whitelist: true, forbidNonWhitelisted: true, stopAtFirstError: false });
  if (errors.length > 0) {
    throw new DirectoryFileError(fieldProblems(errors).map((p) => `  ${p.field}: ${p.problems.join('; ')}`).join('\n'));
  }
  const ids = (file.people ?? []).map((p) => p.id);
  const codes = (file.departments ?? []).map((d) => d.code);
  const twice = [...ids, ...codes].filter((id, i, all) => all.indexOf(id) !== i);
  if (twice.length > 0) throw new DirectoryFileError(`listed more than once: ${[...new Set(twice)].join(', ')}`);
  return file;
}

/**
 * Creates the departments and people of the file that are new and changes those that differ, in one transaction;
 * answers one line per change. A field left out stays as it is; people the file does not list are left alone.
 */
export async function applyDirectoryFile(
  em: EntityManager,
  file: DirectoryFileDto,
  { now, initialPassword }: { now: Date; initialPassword?: string },
): Promise<string[]> {
  return em.transactional(async (tx) => {
    const lines: string[] = [];
    let unchanged = 0;
    const report = (what: string, changed: string[] | 'created') => {
      if (changed === 'created') lines.push(`${what}: created`);
      else if (changed.length > 0) lines.push(`${what}: ${changed.join(', ')} changed`);
      else unchanged += 1;
    };
    for (const [i, { code, name, chat }] of (file.departments ?? []).entries()) {
      const prefix = `departments.${i}.`;
      const existing = await tx.findOne(Department, { code });
      if (existing) report(`department ${code}`, updateDepartment(existing, { name, chat }, prefix));
      else {
        createDepartment(tx, code, { name, chat }, prefix);
        report(`department ${code}`, 'created');
      }
    }
    // The people's departments may be the ones just created.
    await tx.flush();
    for (const [i, entry] of (file.people ?? []).entries()) {
      const prefix = `people.${i}.`;
      const { id, displayName, roles, department, email, chatHandle, locale, active } = entry;
      const fields = { displayName, roles, department, email, chatHandle, locale, active };
      const existing = await tx.findOne(Person, { id }, { populate: ['department'] });
      if (existing) report(`person ${id}`, await updatePerson(tx, existing, fields, now, prefix));
      else {
        await createPerson(tx, id, fields, prefix);
        report(`person ${id}`, 'created');
      }
    }
    await tx.flush();
    if (initialPassword !== undefined) {
      const { given, unsuitable } = await giveInitialPasswords(tx, (file.people ?? []).map((p) => p.id), initialPassword, now);
      if (given.length > 0) lines.push(`initial password given to: ${given.join(', ')}`);
      for (const { field, problems } of unsuitable) lines.push(`no initial password for ${field}: ${problems.join('; ')}`);
      await tx.flush();
    }
    lines.push(`${unchanged} unchanged`);
    return lines;
  });
}

/** A 400 from the store (unknown department, broken invariant) as the file's problem. */
export function fileProblem(err: unknown): Error {
  if (err instanceof BadRequestException) {
    const { fields } = err.getResponse() as { fields?: { field: string; problems: string[] }[] };
    if (fields) return new DirectoryFileError(fields.map((p) => `  ${p.field}: ${p.problems.join('; ')}`).join('\n'));
  }
  return err as Error;
}
