/**
 * Every key path of a JSON Schema with its description, default, type and required keys, one line
 * each, sorted: two schemas with the same lines offer the same keys, documented the same way.
 */
export function schemaKeyLines(schema: unknown): string[] {
  const lines: string[] = [];
  const walk = (node: unknown, at: string): void => {
    if (!node || typeof node !== 'object') return;
    const n = node as Record<string, unknown>;
    const facts = Object.entries(n)
      .filter(([k, v]) => typeof v !== 'object' || k === 'default' || k === 'enum' || k === 'required')
      .map(([k, v]) => `${k}=${JSON.stringify(k === 'required' ? [...(v as string[])].sort() : v)}`)
      .sort();
    lines.push(`${at} ${facts.join(' ')}`);
    for (const [key, child] of Object.entries((n.properties ?? {}) as Record<string, unknown>))
      walk(child, `${at}.${key}`);
    for (const child of Object.values((n.patternProperties ?? {}) as Record<string, unknown>))
      walk(child, `${at}.*`);
    if (n.items) walk(n.items, `${at}[]`);
    if (n.additionalProperties && typeof n.additionalProperties === 'object')
      walk(n.additionalProperties, `${at}.*`);
    for (const k of ['oneOf', 'anyOf'] as const)
      for (const v of (n[k] ?? []) as Array<Record<string, unknown>>) walk(v, `${at}<${variantLabel(v)}>`);
  };
  walk(schema, '$');
  return [...new Set(lines)].sort();
}

/** `type=gpio` for a tagged variant, else the literal or the type of a union member. */
function variantLabel(v: Record<string, unknown>): string {
  const props = (v.properties ?? {}) as Record<string, { const?: unknown }>;
  const tag = Object.entries(props).find(([, p]) => p.const !== undefined);
  return tag ? `${tag[0]}=${String(tag[1].const)}` : JSON.stringify(v.const ?? v.type);
}
