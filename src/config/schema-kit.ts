/**
 * Building blocks of config schemas (TypeBox), shared by the core sections, the station kinds and
 * the device families' own sections, so every part words its keys and defaults the same way.
 */
import { Type, type Static, type TSchema, type TObject, type TProperties } from '@sinclair/typebox';

/** An object schema that rejects unknown keys. */
export function Strict<T extends TProperties>(properties: T, description: string): TObject<T> {
  return Type.Object(properties, { additionalProperties: false, description });
}

/** A oneOf with an Ajv discriminator, so errors come only from the branch the tag selects. */
export function Tagged<T extends TSchema[]>(tag: string, variants: [...T], description: string) {
  return Type.Unsafe<Static<T[number]>>({
    type: 'object',
    description,
    required: [tag],
    discriminator: { propertyName: tag },
    oneOf: variants,
  });
}

/** A section object that rejects unknown keys and is filled with its members' defaults when absent. */
export function Section<T extends TProperties>(properties: T, description: string) {
  return Type.Optional(Type.Object(properties, { additionalProperties: false, description, default: {} }));
}

/** A name of a device, station or scheme: safe in file names, logs and metric labels. */
export const Name = Type.String({
  pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$',
  'x-message': 'must be 1-64 letters, digits, ".", "_" or "-", starting with a letter or digit',
});

/** A file path, resolved relative to the config file (`x-path`). */
export const FilePath = Type.String({ minLength: 1, 'x-path': true });

/** A duration in milliseconds, 0 to one day, with its default. */
export const Millis = (def: number, description: string) =>
  Type.Integer({ minimum: 0, maximum: 86_400_000, default: def, description });

/** Marker keys of a slot in a schema (filled by composeConfig, never left in the composed schema). */
export const SLOT_KEY = 'x-slot';
export const SLOT_TAG_KEY = 'x-slot-tag';

/** A place in a schema that families fill with tagged variants (see Slot). */
export interface SlotName {
  readonly name: string;
  readonly tag: string;
  readonly description: string;
}

/**
 * A slot: a tagged union (`tag` selects the variant) whose variants the families contribute.
 * `T` is what code outside the families may read of it (at least the tag).
 */
export function Slot<T extends Record<string, unknown>>(slot: SlotName) {
  return Type.Unsafe<T>({ [SLOT_KEY]: slot.name, [SLOT_TAG_KEY]: slot.tag, description: slot.description });
}

/** What code outside a slot's families may read of its value: the tag, and unknown other keys. */
export type TaggedRef = { readonly type: string; readonly [key: string]: unknown };

/** One variant a family contributes to a slot, e.g. `{ type: gpio, pin, ... }` for `trigger`. */
export interface ConfigVariant<T extends TObject = TObject> {
  readonly slot: SlotName;
  /** the tag's value that selects this variant, e.g. 'gpio'. */
  readonly value: string;
  readonly schema: T;
}

/** Declares a variant of `slot`; the tag's value is read from the schema's tag literal. */
export function variant<T extends TObject>(slot: SlotName, schema: T): ConfigVariant<T> {
  const value = (schema.properties[slot.tag] as { const?: unknown } | undefined)?.const;
  if (typeof value !== 'string') throw new TypeError(`variant of ${slot.name} without a ${slot.tag} literal`);
  return { slot, value, schema };
}
