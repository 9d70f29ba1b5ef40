/**
 * Parses the lines `gpiomon` (Debian's gpiod tools, libgpiod v1 and v2) prints for edge events.
 * The backend asks for `-F '%o %e <time>'`; the tools' default formats are accepted too.
 */

/** One edge event. */
export interface GpiomonEvent {
  /** line offset on the chip, when the line says it. */
  offset?: number;
  edge: 'rising' | 'falling';
  /** the kernel timestamp as printed (seconds, monotonic or realtime). */
  timestamp?: string;
}

// `%o %e %s.%n` (v1) or `%o %e %S` (v2). %e: v1 prints 1 rising / 0 falling, v2 1 rising / 2 falling.
const CUSTOM = /^(\d+)\s+([012])\s+(\S+)$/;
// v1 default: "event:  RISING EDGE offset: 17 timestamp: [1700000000.123456789]"
const V1_DEFAULT = /^event:\s+(RISING|FALLING) EDGE\s+offset:\s+(\d+)\s+timestamp:\s+\[\s*([\d.]+)\]$/;
// v2 default: "<time>\trising\t<chip> <offset>" or "<time>\tfalling\t\"<line name>\""
const V2_DEFAULT = /^(\S+)\t(rising|falling)\t(.*)$/;

/** Parses one line; undefined for anything that is not an edge event (banners, blank lines). */
export function parseGpiomonLine(raw: string): GpiomonEvent | undefined {
  const line = raw.trim();
  let m = CUSTOM.exec(line);
  if (m) return { offset: Number(m[1]), edge: m[2] === '1' ? 'rising' : 'falling', timestamp: m[3] };
  m = V1_DEFAULT.exec(line);
  if (m) return { offset: Number(m[2]), edge: m[1] === 'RISING' ? 'rising' : 'falling', timestamp: m[3] };
  m = V2_DEFAULT.exec(raw.replace(/\r?\n$/, '').trimStart());
  if (m) {
    const offset = /(\d+)$/.exec(m[3].trim());
    return {
      ...(offset ? { offset: Number(offset[1]) } : {}),
      edge: m[2] as 'rising' | 'falling',
      timestamp: m[1],
    };
  }
  return undefined;
}

/** The major version from `gpiomon --version` ("gpiomon (libgpiod) v1.6.3"); 1 when unclear. */
export function parseGpiodVersion(text: string): 1 | 2 {
  const m = /libgpiod\)?\s*v?(\d+)\./.exec(text) ?? /\bv(\d+)\.\d+/.exec(text);
  return m && Number(m[1]) >= 2 ? 2 : 1;
}
