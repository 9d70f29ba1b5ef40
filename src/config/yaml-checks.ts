/**
 * Checks of the YAML document itself, each linear in its size: duplicate keys (the yaml
 * library's own check compares every key with every other), tags, control characters in values,
 * and aliases that expand without bound (an "alias bomb").
 */
import { isAlias, isMap, isScalar, visit, type Document, type LineCounter, type Node } from 'yaml';
import type { KeyPath } from './problems';
import type { ConfigProblem } from './problems';

/** Tags of plain YAML 1.2 data; anything else (custom, !!binary, !!set) is not config. */
const PLAIN_TAGS = new Set([
  'tag:yaml.org,2002:str',
  'tag:yaml.org,2002:int',
  'tag:yaml.org,2002:float',
  'tag:yaml.org,2002:bool',
  'tag:yaml.org,2002:null',
  'tag:yaml.org,2002:map',
  'tag:yaml.org,2002:seq',
]);

/** How many alias expansions toJS allows before refusing (the yaml library's measure). */
export const MAX_ALIAS_COUNT = 100;

/** NUL in a value (escaped, "\x00"): it ends strings in C and separates the store's key parts. */
const NUL_IN_VALUE = /\0/;

/**
 * Problems in the document's structure, and those found in its text at `offsets` (control
 * characters), each located at the key path of the innermost node around it.
 */
export function documentProblems(
  doc: Document,
  file: string,
  lines: LineCounter,
  offsets: ReadonlyArray<{ offset: number; message: string }> = [],
): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const at = (offset: number, path: KeyPath, message: string) => {
    const { line, col } = lines.linePos(offset);
    problems.push({ file, line, col, path, message });
  };
  const pending = [...offsets];
  for (const w of doc.warnings)
    if (w.code !== 'TAG_RESOLVE_FAILED')
      pending.push({ offset: w.pos[0], message: `YAML: ${w.message.split(' at line')[0]}` });
  const innermost = pending.map(() => ({ path: [] as KeyPath, size: Infinity }));
  const node = (n: Node, ancestry: readonly unknown[]) => {
    const [from, , to] = n.range ?? [0, 0, 0];
    pending.forEach((p, i) => {
      if (p.offset >= from && p.offset < to && to - from < innermost[i].size)
        innermost[i] = { path: pathOf(ancestry, n), size: to - from };
    });
    if (n.tag === undefined || PLAIN_TAGS.has(n.tag)) return;
    const what = n.tag.startsWith('!')
      ? `unknown YAML tag ${n.tag}`
      : `YAML tag ${n.tag} is not allowed in a config`;
    at(n.range?.[0] ?? 0, pathOf(ancestry, n), what);
  };
  visit(doc, {
    Seq(_key, seq, ancestry) {
      node(seq, ancestry);
    },
    Map(_key, map, ancestry) {
      node(map, ancestry);
      if (!isMap(map)) return;
      const seen = new Set<string>();
      for (const pair of map.items) {
        if (!isScalar(pair.key)) continue;
        const name = String(pair.key.value);
        if (seen.has(name))
          at(pair.key.range?.[0] ?? 0, [...pathOf(ancestry, map), name], `duplicate key "${name}"`);
        seen.add(name);
      }
    },
    Scalar(_key, scalar, ancestry) {
      node(scalar, ancestry);
      // Raw control characters are reported where they are; this finds an escaped NUL. Other
      // escaped controls are data: GS (\u001d) separates GS1 element strings in scanner scripts.
      if (offsets.length === 0 && typeof scalar.value === 'string' && NUL_IN_VALUE.test(scalar.value))
        at(scalar.range?.[0] ?? 0, pathOf(ancestry, scalar), 'a NUL character in a value');
    },
  });
  pending.forEach((p, i) => at(p.offset, innermost[i].path, p.message));
  return problems;
}
/** The key path of a node from the ancestry `visit` hands out. */
export function pathOf(ancestry: readonly unknown[], node: unknown): (string | number)[] {
  const out: (string | number)[] = [];
  const chain = [...ancestry, node];
  for (let i = 1; i < chain.length; i++) {
    const parent = chain[i - 1] as { items?: unknown[]; key?: unknown };
    const child = chain[i];
    if (Array.isArray(parent.items)) {
      const idx = parent.items.indexOf(child);
      const isSeqParent = !parent.items.every(
        (it) => it && typeof it === 'object' && 'key' in (it as object),
      );
      if (isSeqParent && idx >= 0) out.push(idx);
    } else if (parent.key !== undefined && child !== parent.key && isScalar(parent.key)) {
      out.push(String(parent.key.value));
    }
  }
  return out;
}

/** The document as plain data, or a problem when its aliases expand too far. */
export function toData(
  doc: Document,
  file: string,
  lines: LineCounter,
): { data: unknown } | { problem: ConfigProblem } {
  try {
    return { data: doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) };
  } catch (err) {
    let first = 0;
    let path: KeyPath = [];
    visit(doc, {
      Alias(_key, node, ancestry) {
        if (isAlias(node) && node.range) [first, path] = [node.range[0], pathOf(ancestry, node)];
        return visit.BREAK;
      },
    });
    const { line, col } = lines.linePos(first);
    const message = `YAML aliases expand too far (${(err as Error).message}); write the values out`;
    return { problem: { file, line, col, path, message } };
  }
}
