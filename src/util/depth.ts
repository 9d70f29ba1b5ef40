/** Nesting depth of JSON-like values, measured without recursion (a deep value cannot overflow it). */

/** The depth limit for caller-supplied data stored in events: deeper values cannot be serialised. */
export const MAX_JSON_DEPTH = 32;

/** true when `value` nests objects or arrays deeper than `limit` levels. */
export function deeperThan(value: unknown, limit: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    if (depth + 1 > limit) return true;
    for (const child of Object.values(v)) stack.push([child, depth + 1]);
  }
  return false;
}
