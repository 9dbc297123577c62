import { BadRequestException, ValidationPipe, type ValidationError } from '@nestjs/common';
import { ValidateIf } from 'class-validator';

export interface FieldProblem {
  field: string;
  problems: string[];
}

/** Flattens class-validator's tree into one entry per field, with dotted paths (customer.category, product.quantity). */
export function fieldProblems(errors: ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = error.constraints ? [{ field, problems: Object.values(error.constraints) }] : [];
    return [...own, ...fieldProblems(error.children ?? [], field)];
  });
}

/** The 400 naming each wrong field, for the pipe and for the few checks a DTO cannot make alone (a body against its path). */
export function fieldsBadRequest(problems: FieldProblem[]): BadRequestException {
  return new BadRequestException({
    statusCode: 400,
    error: 'Bad Request',
    message: `invalid ${problems.map((p) => p.field).join(', ')}`,
    fields: problems,
  });
}

/** The app-wide pipe: unknown fields are rejected, and every 400 names each wrong field. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: false,
    exceptionFactory: (errors) => fieldsBadRequest(fieldProblems(errors)),
  });
}

/**
 * An optional body field: it may be left out, but null is validated like any other value and so refused (class-validator's
 * IsOptional lets null through to the services, though the documents do not make these fields nullable).
 */
export const IsOmittable = (): PropertyDecorator => ValidateIf((_object: object, value: unknown) => value !== undefined);

/** For query parameters: `true` and `false` as booleans; anything else stays as given, for @IsBoolean to name. */
export const queryBoolean = ({ value }: { value: unknown }): unknown => (value === 'true' ? true : value === 'false' ? false : value);

/** A PATCH must change something: a body without any field (or none at all) is a client's mistake, answered 400. */
export function requireSomeField<T extends object>(dto: T, fields: readonly (keyof T & string)[]): T {
  if (fields.every((field) => dto[field] === undefined)) {
    throw fieldsBadRequest([{ field: 'body', problems: [`the body must name at least one of ${fields.join(', ')}`] }]);
  }
  return dto;
}
