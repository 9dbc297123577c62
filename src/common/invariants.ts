// Checks the entities run in their constructors: a row that breaks one is never written.

/** An instant given as an ISO 8601 string or a Date. */
export function instant(value: Date | string, name: string): Date {
  const date = value instanceof Date ? new Date(value.getTime()) : typeof value === 'string' ? new Date(value) : new Date(NaN);
  if (Number.isNaN(date.getTime())) throw new Error(`${name} must be an ISO 8601 instant, got ${String(value)}`);
  return date;
}

/** A string of 1..max characters that is not only blanks. */
export function text(value: unknown, name: string, max: number): string {
  if (typeof value !== 'string' || value.trim() === '') throw new Error(`${name} must be a non-empty string`);
  if (value.length > max) throw new Error(`${name} must be at most ${max} characters`);
  return value;
}

/** Like text(), but absent (undefined or null) is allowed and stored as null. */
export function optionalText(value: unknown, name: string, max: number): string | null {
  return value === undefined || value === null ? null : text(value, name, max);
}

export function oneOf<T extends string>(value: unknown, allowed: readonly T[], name: string): T {
  if (typeof value !== 'string' || !allowed.includes(value as T)) {
    throw new Error(`${name} must be one of ${allowed.join(', ')}, got ${String(value)}`);
  }
  return value as T;
}

/** A 100-point score (0–100), or null for a survey without a score or grade. */
export function score100(value: unknown, name: string): number | null {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 100) {
    throw new Error(`${name} must be a number from 0 to 100 or null, got ${JSON.stringify(value)}`);
  }
  return value;
}

/** A free-text answer as the customer gave it (empty allowed), at most max characters; absent is null. */
export function answerText(value: unknown, name: string, max: number): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') throw new Error(`${name} must be a string`);
  if (value.length > max) throw new Error(`${name} must be at most ${max} characters`);
  return value;
}
