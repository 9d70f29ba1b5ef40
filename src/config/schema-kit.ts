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
