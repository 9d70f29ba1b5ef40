/**
 * The GPIO hardware interface: what triggers and outputs need from one line, and the backends
 * (onoff over sysfs, Debian's gpiod tools over the character device) that provide it.
 */

/** A logic level after active-low inversion: 1 = active. */
export type Level = 0 | 1;

/** The edges an input reports. */
export type Edge = 'rising' | 'falling' | 'both';

/** One requested GPIO line. */
export interface GpioPin {
  /** the current level (for inputs opened with edges: the last level reported). */
  read(): Promise<Level>;
  /** drives an output line; rejects for inputs. */
  write(level: Level): Promise<void>;
  /** calls `listener` with the new level after every reported edge; returns the unsubscribe function. */
  onEdge(listener: (level: Level) => void): () => void;
  /** releases the line; idempotent. */
  close(): Promise<void>;
}

/** Opens lines; one instance per chip. */
export interface GpioBackend {
  readonly name: string;
  openInput(line: number, opts: { edge: Edge; activeLow?: boolean }): Promise<GpioPin>;
  openOutput(line: number, opts: { initial: Level; activeLow?: boolean }): Promise<GpioPin>;
}
