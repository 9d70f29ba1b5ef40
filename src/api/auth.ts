/**
 * Bearer-token check for mutating endpoints. Both sides are hashed first so the comparison is
 * constant-time whatever the lengths, and a token's length does not leak through timing.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (s: string) => createHash('sha256').update(s).digest();

/** Returns a checker for `Authorization` header values. */
export function bearerChecker(token: string): (header: string | undefined) => boolean {
  const expected = digest(token);
  return (header) => {
    const match = header ? /^Bearer\s+(.+)$/i.exec(header) : null;
    return match !== null && timingSafeEqual(digest(match[1].trim()), expected);
  };
}
