/**
 * The config section of an `epcis` sink (beside the settings every sink has: name, timeoutMs,
 * tls, batch, retry). Only TypeBox here, so the config schema can take it in without loading
 * the sink itself.
 */
import { Type } from '@sinclair/typebox';
import { RESOLVER_PATTERN } from '../../gs1';
import { MAPPED_TYPES } from '../epcis/table';

/** A GS1 Digital Link resolver base URL. */
export const ResolverUrl = (description: string) =>
  Type.String({
    pattern: RESOLVER_PATTERN,
    'x-message': 'must be http(s)://host[:port][/path] without a trailing "/", query or fragment',
    description,
  });

const Uri = (description: string) =>
  Type.String({
    pattern: '^[A-Za-z][A-Za-z0-9+.-]*:[^\\s]+$',
    'x-message': 'must be a URI, e.g. urn:epc:id:sgln:4012345.00001.0 or https://…',
    description,
  });

// A CBV 2.0 short name (commissioning, in_progress, …) or a URI of one's own vocabulary.
const Vocabulary = (description: string) =>
  Type.String({
    pattern: '^([a-z_]+|[A-Za-z][A-Za-z0-9+.-]*:[^\\s]+)$',
    'x-message': 'must be a CBV name such as commissioning or in_progress, or a URI',
    description,
  });

const Where = Type.Object(
  {
    readPoint: Type.Optional(Uri('where the event was seen: SGLN (urn:epc:id:sgln:…) or a URI')),
    bizLocation: Type.Optional(Uri('where the objects are afterwards: SGLN or a URI')),
  },
  { additionalProperties: false, description: 'readPoint and bizLocation' },
);

const Rule = Type.Object(
  {
    bizStep: Type.Optional(Vocabulary('replaces the table bizStep')),
    disposition: Type.Optional(Vocabulary('replaces the table disposition')),
    skip: Type.Optional(Type.Boolean({ description: 'do not send this type (counted as skipped)' })),
  },
  { additionalProperties: false, description: 'overrides for one event type' },
);

/** The keys of an epcis sink besides the common sink settings. */
export const EPCIS_SINK_PROPERTIES = {
  type: Type.Literal('epcis'),
  url: Type.String({
    pattern: '^https?://',
    'x-message': 'must be an http:// or https:// URL',
    description: 'the EPCIS 2.0 REST base; documents are POSTed to {url}/capture',
  }),
  token: Type.Optional(Type.String({ description: 'bearer token; use ${ENV}' })),
  identifiers: Type.Union([Type.Literal('epc'), Type.Literal('digital-link')], {
    default: 'epc',
    description:
      'units with a GTIN as EPC URNs (urn:epc:id:sgtin:…, needs the company prefix length) or as GS1 Digital Link URIs',
  }),
  resolver: Type.Optional(
    ResolverUrl('Digital Link host for GTINs whose scheme names none (default https://id.gs1.org)'),
  ),
  companyPrefixes: Type.Array(Type.String({ pattern: '^[0-9]{6,12}$', 'x-message': 'must be 6-12 digits' }), {
    default: [],
    description: 'GS1 company prefixes of component GTINs, so their serials and lots get EPC URNs',
  }),
  namespace: Type.String({
    pattern: '^[A-Za-z][A-Za-z0-9+.-]*:[^\\s]*[:/#]$',
    'x-message': 'must be a URI ending in ":", "/" or "#"',
    default: 'urn:linegate:',
    description:
      'prefix of linegate URIs: non-GS1 serials ({namespace}serial:…), work orders, carriers and the lg: extension fields',
  }),
  carrierUri: Type.Optional(
    Type.String({
      pattern: '\\{epc\\}',
      'x-message': 'must contain {epc}',
      description:
        'URI of a carrier from its tag, e.g. urn:epc:id:grai:4012345.55555.{epc}; default urn:epc:raw:{bits}.x{HEX}',
    }),
  ),
  readPoint: Type.Optional(Uri('readPoint of stations not listed under stations')),
  bizLocation: Type.Optional(Uri('bizLocation of stations not listed under stations')),
  stations: Type.Record(Type.String(), Where, {
    default: {},
    description: 'readPoint and bizLocation by station id',
  }),
  events: Type.Object(Object.fromEntries(MAPPED_TYPES.map((t) => [t, Type.Optional(Rule)])), {
    additionalProperties: false,
    default: {},
    description: 'bizStep, disposition or skip by linegate event type (see docs/epcis.md)',
  }),
};
