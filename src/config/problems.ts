/**
 * Config problems and where they are: every problem is reported as
 * `FILE:LINE:COL key.path: message`, located on the YAML node the key path names.
 */
import {
  isMap,
  isPair,
  isScalar,
  isSeq,
  type Document,
  type LineCounter,
  type Node,
  type Pair,
  type YAMLMap,
} from 'yaml';
import { LinegateError } from '../errors';

export type KeyPath = ReadonlyArray<string | number>;

/** One thing wrong with a config file. */
export interface ConfigProblem {
  file: string;
  line: number;
  col: number;
  path: KeyPath;
  message: string;
}

/** Renders a key path as users write it: `stations[0].trigger.plc`. */
export function formatKeyPath(path: KeyPath): string {
  if (path.length === 0) return '(root)';
  let out = '';
  for (const seg of path) out += typeof seg === 'number' ? `[${seg}]` : out === '' ? seg : `.${seg}`;
  return out;
}

/** The one-line form of a problem. */
export function formatProblem(p: ConfigProblem): string {
  return `${p.file}:${p.line}:${p.col} ${formatKeyPath(p.path)}: ${p.message}`;
}

/**
 * For `loadConfig` callers that want an exception: CONFIG_INVALID carrying every problem in its
 * context (the CLI refuses to start with exit 78), one located problem a line in the message.
 */
export function configInvalid(problems: ConfigProblem[]): LinegateError {
  return new LinegateError('CONFIG_INVALID', problems.map(formatProblem).join('\n'), {
    context: { problems },
  });
}

/** Finds positions of key paths in a parsed YAML document (each lookup costs its path's length). */
export class Locator {
  /** the pairs of each map by key, built on first use: a linear scan per lookup is quadratic. */
  private readonly index = new WeakMap<YAMLMap, Map<string, Pair>>();

  constructor(
    private readonly file: string,
    private readonly doc: Document,
    private readonly lines: LineCounter,
  ) {}

  /** A problem located at the value of `path` (or its nearest existing ancestor). */
  at(path: KeyPath, message: string): ConfigProblem {
    return this.problem(path, this.offsetOf(path, false), message);
  }

  /** A problem located at the key of the last segment of `path` (for unknown keys). */
  atKey(path: KeyPath, message: string): ConfigProblem {
    return this.problem(path, this.offsetOf(path, true), message);
  }

  /** A problem at a character offset inside the scalar at `path` (e.g. a bad token in a format). */
  inside(path: KeyPath, charOffset: number, message: string): ConfigProblem {
    const node = this.nodeAt(path);
    let offset = this.offsetOf(path, false);
    if (node && isScalar(node) && typeof node.source === 'string') {
      // Only plain and simply quoted scalars map 1:1 from value to source characters.
      const quoted = node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE' ? 1 : 0;
      if (node.type === 'PLAIN' || quoted) offset += quoted + charOffset;
    }
    return this.problem(path, offset, message);
  }

  private problem(path: KeyPath, offset: number, message: string): ConfigProblem {
    const { line, col } = this.lines.linePos(offset);
    return { file: this.file, line, col, path, message };
  }

  private nodeAt(path: KeyPath): Node | undefined {
    let node: unknown = this.doc.contents;
    for (const seg of path) {
      if (isMap(node)) node = this.pairOf(node, String(seg))?.value;
      else if (isSeq(node) && typeof seg === 'number') node = node.items[seg];
      else return undefined;
    }
    return node && typeof node === 'object' && 'range' in node ? (node as Node) : undefined;
  }

  private pairOf(map: YAMLMap, key: string): Pair | undefined {
    let pairs = this.index.get(map);
    if (!pairs) {
      pairs = new Map();
      for (const item of map.items) {
        // The first of duplicate keys: the one a reader of the file finds first.
        if (isPair(item) && isScalar(item.key) && !pairs.has(String(item.key.value)))
          pairs.set(String(item.key.value), item);
      }
      this.index.set(map, pairs);
    }
    return pairs.get(key);
  }

  private offsetOf(path: KeyPath, wantKey: boolean): number {
    for (let n = path.length; n >= 0; n--) {
      const sub = path.slice(0, n);
      if (wantKey && n === path.length && n > 0) {
        const keyNode = this.keyNode(sub);
        if (keyNode?.range) return keyNode.range[0];
      }
      const node = n === 0 ? this.doc.contents : this.nodeAt(sub);
      if (node?.range) return node.range[0];
    }
    return 0;
  }

  private keyNode(path: KeyPath): Node | undefined {
    const parent = path.length === 1 ? this.doc.contents : this.nodeAt(path.slice(0, -1));
    const last = path[path.length - 1];
    if (parent && isMap(parent)) {
      const key = this.pairOf(parent, String(last))?.key;
      if (key && typeof key === 'object' && 'range' in key) return key as Node;
    }
    if (parent && isSeq(parent) && typeof last === 'number') return parent.items[last] as Node | undefined;
    return undefined;
  }
}
