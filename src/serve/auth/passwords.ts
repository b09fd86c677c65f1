import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { SaferError } from '../../core/errors.ts';

/**
 * Passwords are hashed with scrypt (memory-hard: N = 2^15, r = 8 needs 32 MiB a hash), a 16-byte
 * random salt per user, and compared in constant time. Stored as
 * `scrypt$<log2 N>$<r>$<p>$<salt base64>$<hash base64>` so the cost can be raised later.
 */
const LOG_N = 15;
const R = 8;
const P = 1;
const KEY_BYTES = 32;

export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 200;

function derive(password: string, salt: Buffer, logN: number, r: number, p: number): Promise<Buffer> {
  const options: ScryptOptions = { N: 2 ** logN, r, p, maxmem: 256 * 2 ** logN * r };
  return new Promise((ok, fail) => scrypt(password.normalize('NFKC'), salt, KEY_BYTES, options, (error, key) => (error ? fail(error) : ok(key))));
}

export function checkPasswordRules(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw new SaferError(`the password is too short (${password.length} characters)`, { hint: `use at least ${MIN_PASSWORD_LENGTH} characters; a phrase of several words is easiest to remember`, code: 'E_PASSWORD' });
  }
  if (password.length > MAX_PASSWORD_LENGTH) {
    throw new SaferError('the password is too long', { hint: `use at most ${MAX_PASSWORD_LENGTH} characters`, code: 'E_PASSWORD' });
  }
}

export async function hashPassword(password: string): Promise<string> {
  checkPasswordRules(password);
  const salt = randomBytes(16);
  const key = await derive(password, salt, LOG_N, R, P);
  return ['scrypt', LOG_N, R, P, salt.toString('base64'), key.toString('base64')].join('$');
}

/** True when `password` matches `stored`. A malformed stored hash never matches. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [logN, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  if (![logN, r, p].every((n) => Number.isInteger(n) && n > 0) || logN > 20) return false;
  const salt = Buffer.from(parts[4]!, 'base64');
  const expected = Buffer.from(parts[5]!, 'base64');
  if (password.length > MAX_PASSWORD_LENGTH || expected.length !== KEY_BYTES) return false;
  const key = await derive(password, salt, logN, r, p);
  return timingSafeEqual(key, expected);
}

/** A hash of a random password: verified against when the user does not exist, so timing does not tell. */
let dummy: Promise<string> | undefined;
export function dummyHash(): Promise<string> {
  return (dummy ??= hashPassword(randomBytes(24).toString('base64')));
}
