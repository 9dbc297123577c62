import argon2 from 'argon2';

/**
 * argon2id with OWASP's first recommended setting (19 MiB of memory, 2 passes, 1 lane): about 30 ms on one core here,
 * so a sign-in costs the server little and a stolen hash costs an attacker much. The parameters are stored in each
 * hash; a hash made with others is upgraded at the next successful sign-in.
 */
export const PASSWORD_HASHING = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 128;

/** What is wrong with a new password for this person, or null when it will do. */
export function passwordProblem(password: string, personId: string): string | null {
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) return `must be at least ${PASSWORD_MIN_LENGTH} characters`;
  if (length > PASSWORD_MAX_LENGTH) return `must be at most ${PASSWORD_MAX_LENGTH} characters`;
  if (password.trim() === '') return 'must not be only blanks';
  if (password.toLowerCase().includes(personId.toLowerCase())) return 'must not contain the user name';
  if (new Set(password).size < 4) return 'must use at least 4 different characters';
  return null;
}

export const hashPassword = (password: string): Promise<string> => argon2.hash(password, PASSWORD_HASHING);

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    // A hash that is not argon2 (a corrupted row) matches nothing.
    return false;
  }
}

export const needsRehash = (hash: string): boolean => argon2.needsRehash(hash, PASSWORD_HASHING);

let dummy: Promise<string> | undefined;
/**
 * A hash of nothing anyone knows, verified against when the user name is unknown or has no password, so that the
 * answer takes as long as for a known one.
 */
export const dummyHash = (): Promise<string> => (dummy ??= hashPassword(`no such person ${Math.random()}`));
