import assert from 'node:assert/strict';
import { BadRequestException, type ArgumentMetadata } from '@nestjs/common';
import { createValidationPipe } from '../../src/common/validation.js';

/** Runs the app-wide validation pipe on `value` as a DTO and answers the DTO it makes. */
export function validated<T>(metatype: new () => T, value: unknown, type: ArgumentMetadata['type'] = 'body'): Promise<T> {
  return createValidationPipe().transform(value, { type, metatype });
}

/** Runs the app-wide validation pipe on `value` as a DTO; answers the field-level problems (empty when valid). */
export async function problemsOf(
  metatype: ArgumentMetadata['metatype'],
  value: unknown,
  type: ArgumentMetadata['type'] = 'body',
): Promise<Record<string, string[]>> {
  try {
    await createValidationPipe().transform(value, { type, metatype });
  } catch (err) {
    assert.ok(err instanceof BadRequestException);
    const response = err.getResponse() as { fields: { field: string; problems: string[] }[] };
    return Object.fromEntries(response.fields.map((f) => [f.field, f.problems]));
  }
  return {};
}
