import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** The id prefixes of the references (ARCHITECTURE §4). */
export type IdPrefix =
  | 'org'
  | 'user'
  | 'key'
  | 'proj'
  | 'ds'
  | 'chart'
  | 'analysis'
  | 'wf'
  | 'dashboard'
  | 'wh'
  | 'whd'
  | 'evt'
  | 'req'
  | 'rtf'
  | 'rtk'
  | 'inv';

/** A prefixed random id such as `proj_3fK9…`: 20 base62 characters, about 119 bits of entropy. */
export function newId(prefix: IdPrefix, length = 20): string {
  // Rejection sampling keeps every character equally likely (256 is not a multiple of 62).
  const limit = 256 - (256 % ALPHABET.length);
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < limit) out += ALPHABET[byte % ALPHABET.length];
      if (out.length === length) break;
    }
  }
  return `${prefix}_${out}`;
}

/** True when `value` looks like an id with that prefix (cheap check before a database lookup). */
export function isId(prefix: IdPrefix, value: string): boolean {
  return new RegExp(`^${prefix}_[0-9A-Za-z]{6,64}$`).test(value);
}
