import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { readFileSync } from 'node:fs';
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
  return new Promise((ok, fail) =>
    scrypt(password.normalize('NFKC'), salt, KEY_BYTES, options, (error, key) => (error ? fail(error) : ok(key))),
  );
}

/** The deny-list shipped beside this file (common-passwords.txt), lower case. */
const COMMON: ReadonlySet<string> = new Set(
  readFileSync(new URL('./common-passwords.txt', import.meta.url), 'utf8')
    .split(/\r?\n/)
    .map((l) => l.trim().toLowerCase())
    .filter((l) => l !== '' && !l.startsWith('#')),
);

const SWAPS: Record<string, string> = {
  '0': 'o',
  '1': 'l',
  '3': 'e',
  '4': 'a',
  '5': 's',
  '7': 't',
  '@': 'a',
  $: 's',
  '!': 'i',
};

/** Lower case with the usual letter swaps undone: "P@ssw0rd" → "password". */
function unswapped(text: string): string {
  return [...text.toLowerCase()].map((c) => SWAPS[c] ?? c).join('');
}

/** True when the text is one short unit repeated ("aaaaaaaaaa", "abcabcabcabc", "12121212…"). */
function repeated(text: string): boolean {
  const chars = [...text];
  for (let unit = 1; unit <= 4 && unit * 2 <= chars.length; unit++) {
    if (chars.every((c, i) => c === chars[i % unit])) return true;
  }
  return false;
}

/** True when most neighbouring characters are the same or next to each other ("abcdefghij", "1234567890", "aabbccddee"). */
function sequential(text: string): boolean {
  const codes = [...text.toLowerCase()].map((c) => c.codePointAt(0)!);
  let close = 0;
  for (let i = 1; i < codes.length; i++)
    if (Math.abs(codes[i]! - codes[i - 1]!) <= 1 || (codes[i - 1] === 57 && codes[i] === 48)) close += 1;
  return close >= 0.75 * (codes.length - 1);
}

const KEYBOARD = [
  'qwertyuiop',
  'asdfghjkl',
  'zxcvbnm',
  '1234567890',
  'qazwsxedcrfvtgbyhnujmikolp',
  '1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p',
];

/** True when the text runs along a keyboard row or column (forwards or backwards), as "qwertyuiop" or "1qaz2wsx3edc". */
function keyboardWalk(text: string): boolean {
  const t = text.toLowerCase();
  return KEYBOARD.some((row) => {
    const twice = row + row;
    const back = [...twice].reverse().join('');
    return (
      twice.includes(t) ||
      back.includes(t) ||
      (t.length >= 12 && (row.includes(t.slice(0, 8)) || t.includes(row.slice(0, 8))))
    );
  });
}

/**
 * Why a password is refused, or null. NIST SP 800-63B (5.1.1.2): a minimum length, a maximum of at
 * least 64, and a check against commonly used, expected or context-specific values; no
 * composition rules (no "one digit and one symbol"), which make passwords harder to remember and
 * no harder to guess. `userName` is the account the password is for.
 */
export function passwordProblem(password: string, userName?: string): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `the password is too short (${password.length} characters)`;
  if (password.length > MAX_PASSWORD_LENGTH) return 'the password is too long';
  const lower = password.toLowerCase();
  const plain = unswapped(password);
  const lettersOf = (t: string) => t.replace(/[^\p{L}]/gu, '');
  if ([lower, plain, lettersOf(lower), lettersOf(plain)].some((form) => form !== '' && COMMON.has(form)))
    return 'the password is one of the most common passwords, or one with digits or symbols added';
  if (repeated(password)) return 'the password repeats the same few characters';
  if (sequential(password) || keyboardWalk(password))
    return 'the password is a run of neighbouring characters (as abcdef, 123456 or qwerty)';
  // what is left once the account name, the product and "password" are taken out must be a password itself
  const words = [
    'password',
    'safer',
    ...(userName && userName.length >= 3
      ? [
          unswapped(userName),
          ...unswapped(userName)
            .split(/[^\p{L}\p{N}]+/u)
            .filter((w) => w.length >= 3),
        ]
      : []),
  ];
  const name = userName ? unswapped(userName) : null;
  for (const form of [lower, plain]) {
    let rest = form;
    for (const w of words) rest = rest.split(w).join(' ');
    if (rest !== form && lettersOf(rest).length < 4) {
      return name && form.includes(name)
        ? 'the password is the account name with a few characters added'
        : 'the password is "safer" or "password" with a few characters added';
    }
  }
  return null;
}

export function checkPasswordRules(password: string, userName?: string): void {
  const problem = passwordProblem(password, userName);
  if (problem === null) return;
  const hint =
    password.length > MAX_PASSWORD_LENGTH
      ? `use at most ${MAX_PASSWORD_LENGTH} characters`
      : `use at least ${MIN_PASSWORD_LENGTH} characters that are hard to guess; a phrase of three or four unrelated words is easiest to remember (no digits or symbols needed)`;
  throw new SaferError(problem, { hint, code: 'E_PASSWORD' });
}

export async function hashPassword(password: string, userName?: string): Promise<string> {
  checkPasswordRules(password, userName);
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
