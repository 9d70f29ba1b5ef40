/**
 * Checks the schema cannot express: names that refer to other sections, unique ids, serial
 * formats, time zones and files that must exist.
 */
import { existsSync, readFileSync } from 'node:fs';
import { compileTemplate, STANDARD_PLACEHOLDERS } from '../labels/template';
import type { Config } from './schema';
import type { ConfigProblem, KeyPath, Locator } from './problems';
import { compileFormat, type CompiledFormat } from '../serials/format';
import { isValidTimeZone } from '../serials/calendar';
import { checkLabelPlaceholders } from './label-placeholders';
import { checkStation } from '../stations/kinds';
import { hasCode, isCode } from '../errors';

/**
 * Every cross-reference and semantic problem in a schema-valid config. `deviceSections`: the
 * sections (declared by the device families) whose entries share one namespace of device names.
 */
export function checkReferences(
  config: Config,
  locate: Locator,
  deviceSections: readonly string[] = [],
): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const ref = (path: KeyPath, name: string | undefined, section: keyof Config, what: string) => {
    const table = (config[section] ?? {}) as Record<string, unknown>;
    if (name === undefined || Object.hasOwn(table, name)) return;
    const defined = Object.keys(table);
    const list = defined.length > 0 ? `defined: ${defined.join(', ')}` : `no ${section} are defined`;
    problems.push(locate.at(path, `${what} "${name}" is not defined under ${section} (${list})`));
  };

  const tz = config.gateway?.timeZone;
  if (typeof tz === 'string' && !isValidTimeZone(tz)) {
    problems.push(
      locate.at(
        ['gateway', 'timeZone'],
        `unknown time zone "${config.gateway.timeZone}" (use an IANA name such as Europe/Berlin)`,
      ),
    );
  }
  const listen = String(config.api?.listen ?? '');
  const port = Number(listen.slice(listen.lastIndexOf(':') + 1));
  if (port > 65535) problems.push(locate.at(['api', 'listen'], `port ${port} is above 65535`));

  const formats = compileFormats(config, locate, problems);
  const seen = new Map<string, number>();
  const stations = Array.isArray(config.stations) ? config.stations : [];
  const stationIds = new Set(stations.filter((s) => typeof s === 'object' && s !== null).map((s) => s.id));
  stations.forEach((station, i) => {
    if (typeof station !== 'object' || station === null) return;
    const at = (...rest: (string | number)[]): KeyPath => ['stations', i, ...rest];
    const first = seen.get(station.id);
    if (first !== undefined)
      problems.push(locate.at(at('id'), `duplicate station id "${station.id}" (also stations[${first}])`));
    else seen.set(station.id, i);
    checkStation(station, { config, locate, at, ref, problems, formats, stationIds });
  });

  const names = new Map<string, number>();
  (Array.isArray(config.upstream) ? config.upstream : []).forEach((sink, i) => {
    const first = names.get(sink.name);
    if (first !== undefined)
      problems.push(
        locate.at(
          ['upstream', i, 'name'],
          `duplicate upstream name "${sink.name}" (also upstream[${first}])`,
        ),
      );
    else names.set(sink.name, i);
  });
  checkUpstream(config, locate, problems);
  checkDeviceNames(config, deviceSections, locate, problems);
  const vars = Object.values(config.serials ?? {}).flatMap((scheme) => Object.keys(scheme?.vars ?? {}));
  const placeholders = new Map<string, string[]>();
  for (const [name, label] of Object.entries(config.labels ?? {})) {
    if (typeof label?.template !== 'string') continue;
    let text: string;
    try {
      text = readFileSync(label.template, 'utf8');
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      const why =
        e.code === 'ENOENT'
          ? 'file not found'
          : e.code === 'EISDIR'
            ? 'is a directory, not a file'
            : e.message;
      problems.push(locate.at(['labels', name, 'template'], `${why}: ${label.template}`));
      continue;
    }
    try {
      const template = compileTemplate(text, label.template, {
        names: [...STANDARD_PLACEHOLDERS, ...vars],
      });
      placeholders.set(name, template.placeholders);
    } catch (err) {
      if (!isCode(err, 'LABEL_')) throw err;
      problems.push(locate.at(['labels', name, 'template'], err.message));
    }
  }
  problems.push(...checkLabelPlaceholders(config, placeholders, locate));
  return problems;
}

function compileFormats(
  config: Config,
  locate: Locator,
  problems: ConfigProblem[],
): Map<string, CompiledFormat> {
  const formats = new Map<string, CompiledFormat>();
  for (const [name, scheme] of Object.entries(config.serials ?? {})) {
    if (typeof scheme?.format !== 'string') continue;
    try {
      formats.set(name, compileFormat(scheme.format, scheme.vars));
    } catch (err) {
      if (!hasCode(err, 'SERIAL_FORMAT_INVALID')) throw err;
      problems.push(locate.inside(['serials', name, 'format'], err.context.offset ?? 0, err.message));
    }
    if (scheme.companyPrefixDigits !== undefined && scheme.gtin === undefined) {
      problems.push(
        locate.at(
          ['serials', name, 'companyPrefixDigits'],
          'needs gtin: (SGTIN-96 encodes a GTIN and a serial)',
        ),
      );
    }
  }
  return formats;
}

/** Upstream sinks, the store section and schemes that lease serial blocks from upstream. */
function checkUpstream(config: Config, locate: Locator, problems: ConfigProblem[]): void {
  const sinks = Array.isArray(config.upstream) ? config.upstream : [];
  const http = sinks.filter((s) => s?.type === 'http').map((s) => s.name);
  sinks.forEach((sink, i) => {
    if (typeof sink !== 'object' || sink === null) return;
    const at = (...rest: string[]): KeyPath => ['upstream', i, ...rest];
    const secure = /^(https|mqtts|wss):/.test(String(sink.url));
    const bad = urlProblem(String(sink.url));
    if (bad) problems.push(locate.at(at('url'), bad));
    for (const key of ['ca', 'cert', 'key'] as const) {
      const file = sink.tls?.[key];
      if (file === undefined) continue;
      if (!secure)
        problems.push(locate.at(at('tls', key), 'TLS files apply only to https://, mqtts:// or wss:// URLs'));
      else if (!existsSync(file)) problems.push(locate.at(at('tls', key), `file not found: ${file}`));
    }
    if ((sink.tls?.cert === undefined) !== (sink.tls?.key === undefined))
      problems.push(locate.at(at('tls'), 'a client certificate needs both cert and key'));
    if (sink.retry && sink.retry.initialMs > sink.retry.maxMs)
      problems.push(locate.at(at('retry', 'initialMs'), `must not exceed retry.maxMs (${sink.retry.maxMs})`));
    if (sink.type === 'http' && sink.simulate && !String(sink.url).startsWith('http://'))
      problems.push(locate.at(at('simulate'), 'the built-in receiver serves http:// only'));
  });
  for (const [name, scheme] of Object.entries(config.serials ?? {})) {
    if (typeof scheme !== 'object' || scheme === null) continue;
    const at = (key: string): KeyPath => ['serials', name, key];
    if (scheme.source !== 'upstream') {
      if (scheme.upstream !== undefined)
        problems.push(locate.at(at('upstream'), 'applies only with source: upstream'));
      continue;
    }
    if (scheme.upstream !== undefined) {
      if (!http.includes(scheme.upstream)) {
        const list =
          http.length > 0 ? `http sinks: ${http.join(', ')}` : 'no http sink is defined under upstream';
        problems.push(
          locate.at(at('upstream'), `"${scheme.upstream}" is not an http upstream sink (${list})`),
        );
      }
    } else if (http.length !== 1) {
      problems.push(
        locate.at(
          at('source'),
          http.length === 0
            ? 'source: upstream leases serial blocks over HTTP: define an http sink under upstream'
            : `several http sinks (${http.join(', ')}): name the one that leases blocks with upstream:`,
        ),
      );
    }
  }
}

/** Why `url` cannot be connected to (no host, does not parse), or undefined. */
function urlProblem(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `"${url}" is not a valid URL`;
  }
  return parsed.hostname === '' ? `"${url}" names no host` : undefined;
}

/**
 * A device name used in two device sections is a located error at the second in the file: logs,
 * health and the dashboard name a device by it.
 */
function checkDeviceNames(
  config: Config,
  sections: readonly string[],
  locate: Locator,
  problems: ConfigProblem[],
): void {
  const entries = sections.flatMap((section) => {
    const table = config[section];
    if (typeof table !== 'object' || table === null) return [];
    return Object.keys(table).map((name) => ({ section, name, at: locate.atKey([section, name], '') }));
  });
  entries.sort((a, b) => a.at.line - b.at.line || a.at.col - b.at.col);
  const owner = new Map<string, string>();
  for (const { section, name, at } of entries) {
    const first = owner.get(name);
    if (first === undefined) owner.set(name, section);
    else problems.push({ ...at, message: `device name "${name}" is already used by ${first}.${name}` });
  }
}
