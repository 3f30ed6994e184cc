/**
 * Random bearer secrets (login cookies, API tokens) and their at-rest hash. Only SHA-256 of a secret is stored:
 * the secrets carry 256 bits of entropy, so a fast hash is enough and a database leak reveals no usable token.
 *
 * Example: `const t = newSecretToken('kiu_')` → "kiu_Vb3…"; store `hashSecretToken(t)`.
 */
import { createHash, randomBytes } from 'node:crypto';

export const API_TOKEN_PREFIX = 'kiu_';

export function newSecretToken(prefix = ''): string {
  return prefix + randomBytes(32).toString('base64url');
}

export function hashSecretToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
