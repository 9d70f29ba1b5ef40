/**
 * The one config schema, composed: the core's sections (gateway, api, serials, labels, stations,
 * upstream, store) plus what each device family declares next to its driver: whole sections
 * (`plcs`, `printers`, ...) and variants of tagged slots (a station's `trigger`, a reader's
 * `connection`). The core never names a family; the CLI passes the families in.
 */
import { OptionalKind, type Static, type TObject, type TSchema } from '@sinclair/typebox';
import { ConfigSchema, type Config } from './schema';
import { SLOT_KEY, SLOT_TAG_KEY, type ConfigVariant } from './schema-kit';
import { sinkConfig } from '../upstream/sinks';

export { variant, type ConfigVariant } from './schema-kit';

/** A problem in a family's part of the config: where (a key path) and what. */
export interface FamilyConfigProblem {
  path: Array<string | number>;
  message: string;
}

/** A top-level section a family owns, e.g. `printers`. */
export interface ConfigSection<T extends TSchema = TSchema> {
  readonly key: string;
  readonly schema: T;
  /** its entries are devices by name: one namespace across such sections (logs, health, dashboard). */
  readonly devices?: boolean;
}

/** What one family declares of the config. */
export interface ConfigDeclaration {
  readonly sections?: readonly ConfigSection[];
  readonly variants?: readonly ConfigVariant[];
}

/** A contributor to the config: a device family as the config loader sees it. */
export interface ConfigPart {
  readonly name: string;
  readonly config?: ConfigDeclaration;
  /**
   * Everything in the config this family's parts would refuse at start (a reader pattern that is
   * not a regex, an unknown simulator option): check-config and run report them (exit 78).
   */
  checkConfig?(config: Config): FamilyConfigProblem[];
}

/** A family's section of a validated config (the composed schema checked it against `section.schema`). */
export function sectionOf<T extends TSchema>(config: Config, section: ConfigSection<T>): Static<T> {
  const given = config[section.key];
  // a hand-built config (tests, tools) may leave a section out: its default stands in, as on load.
  return (given ?? structuredClone((section.schema as { default?: unknown }).default)) as Static<T>;
}

/** The value in a slot as its variant's type, or undefined when another variant fills it. */
export function variantOf<T extends TObject>(
  value: { readonly [key: string]: unknown } | undefined,
  v: ConfigVariant<T>,
): Static<T> | undefined {
  return value !== undefined && value[v.slot.tag] === v.value ? (value as Static<T>) : undefined;
}

/** The composed schema and what the loader needs to know of it. */
export interface ComposedConfig {
  readonly schema: TObject;
  /** the sections whose entries are named devices (one namespace). */
  readonly deviceSections: readonly string[];
}

const composed = new WeakMap<readonly ConfigPart[], ComposedConfig>();

/**
 * The one config schema: the core sections, the families' sections (before `stations`), and
 * every slot filled with the variants contributed to it, in the order the parts are given.
 */
export function composeConfig(parts: readonly ConfigPart[]): ComposedConfig {
  const cached = composed.get(parts);
  if (cached) return cached;
  const sections = parts.flatMap((p) => p.config?.sections ?? []);
  // The core's own variants (the upstream sink types) first, then the families'.
  const variants = [...(sinkConfig.variants ?? []), ...parts.flatMap((p) => p.config?.variants ?? [])];
  const properties: Record<string, TSchema> = {};
  const required: string[] = [...(ConfigSchema.required ?? [])];
  const place = (s: ConfigSection): void => {
    if (Object.hasOwn(properties, s.key) || Object.hasOwn(ConfigSchema.properties, s.key))
      throw new TypeError(`config section ${s.key} is declared twice`);
    properties[s.key] = s.schema;
    if ((s.schema as { [OptionalKind]?: string })[OptionalKind] !== 'Optional') required.push(s.key);
  };
  for (const [key, schema] of Object.entries(ConfigSchema.properties)) {
    if (key === 'stations') sections.forEach(place);
    properties[key] = schema;
  }
  const slots = new Map<string, ConfigVariant[]>();
  for (const v of variants) {
    const filled = slots.get(v.slot.name) ?? [];
    if (filled.some((f) => f.value === v.value))
      throw new TypeError(`${v.slot.name} variant ${v.slot.tag}: ${v.value} is declared twice`);
    slots.set(v.slot.name, [...filled, v]);
  }
  const root = {
    ...ConfigSchema,
    properties: fillSlots(properties, slots),
    required,
  } as TObject;
  const result: ComposedConfig = {
    schema: root,
    deviceSections: sections.filter((s) => s.devices).map((s) => s.key),
  };
  composed.set(parts, result);
  return result;
}

/** A copy of `node` with every slot replaced by the tagged union of its variants. */
function fillSlots<T>(node: T, slots: Map<string, ConfigVariant[]>): T {
  if (Array.isArray(node)) return node.map((n: unknown) => fillSlots(n, slots)) as T;
  if (!node || typeof node !== 'object') return node;
  const n = node as Record<string | symbol, unknown>;
  const out: Record<string | symbol, unknown> = {};
  // TypeBox's modifiers (Optional) are symbol keys: kept, so the parent's `required` stays right.
  for (const s of Object.getOwnPropertySymbols(n)) out[s] = n[s];
  const name = n[SLOT_KEY];
  if (typeof name !== 'string') {
    for (const [k, v] of Object.entries(n)) out[k] = fillSlots(v, slots);
    return out as T;
  }
  const tag = String(n[SLOT_TAG_KEY]);
  const found = slots.get(name) ?? [];
  if (found.length === 0) {
    const message = 'is not available: no device family in this build provides it';
    return Object.assign(out, { description: n.description, not: {}, 'x-message': message }) as T;
  }
  return Object.assign(out, {
    type: 'object',
    description: n.description,
    required: [tag],
    discriminator: { propertyName: tag },
    oneOf: found.map((v) => fillSlots(v.schema, slots)),
  }) as T;
}
