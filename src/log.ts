/**
 * The one root logger. JSON lines by default (for journald and log shippers), pretty when
 * stdout is a terminal. Secrets are redacted wherever they appear in a logged object.
 */
import pino, { type Logger, type LevelWithSilent } from 'pino';

export const REDACT_PATHS = [
  'token',
  'password',
  '*.token',
  '*.password',
  '*.*.token',
  '*.*.password',
  'authorization',
  '*.authorization',
  'headers.authorization',
  'req.headers.authorization',
  'config.api.token',
  // A whole config logged as { config }: sinks' tokens and passwords (config.upstream[i]) and
  // PLC passwords (config.plcs.NAME) sit three levels down.
  '*.*.*.token',
  '*.*.*.password',
  // Header objects built by hand keep the case they were written in.
  'Authorization',
  '*.Authorization',
  'headers.Authorization',
  '*.headers.authorization',
  '*.headers.Authorization',
];

export interface LogOptions {
  level?: LevelWithSilent;
  /** 'pretty' or 'json'; default: pretty on a terminal, JSON otherwise (LINEGATE_LOG_FORMAT overrides). */
  format?: 'pretty' | 'json';
  /** where JSON lines go (tests); default stdout. */
  destination?: NodeJS.WritableStream;
}

/** The levels LINEGATE_LOG_LEVEL and logging.level accept. */
export const LOG_LEVELS: readonly LevelWithSilent[] = [
  'fatal',
  'error',
  'warn',
  'info',
  'debug',
  'trace',
  'silent',
];

/** Why LINEGATE_LOG_LEVEL is unusable, or undefined when it is unset or a level. */
export function envLogLevelProblem(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const level = env.LINEGATE_LOG_LEVEL;
  if (level === undefined || (LOG_LEVELS as readonly string[]).includes(level)) return undefined;
  return `LINEGATE_LOG_LEVEL="${level}" is not a log level (${LOG_LEVELS.join(', ')})`;
}

/** Creates the root logger; throws TypeError for an unknown LINEGATE_LOG_LEVEL (run checks it first). */
export function createLogger(opts: LogOptions = {}): Logger {
  const envFormat = process.env.LINEGATE_LOG_FORMAT;
  const format =
    opts.format ??
    (envFormat === 'pretty' || envFormat === 'json' ? envFormat : process.stdout.isTTY ? 'pretty' : 'json');
  const problem = envLogLevelProblem();
  if (problem) throw new TypeError(problem);
  const level = (process.env.LINEGATE_LOG_LEVEL as LevelWithSilent | undefined) ?? opts.level ?? 'info';
  const base = { level, redact: { paths: REDACT_PATHS, censor: '[redacted]' }, base: { pid: process.pid } };
  if (format === 'pretty' && !opts.destination) {
    // One line per event on a terminal; stack traces only at debug and trace (JSON keeps them).
    const stacks = level === 'debug' || level === 'trace';
    const ignore = stacks ? 'pid,hostname' : 'pid,hostname,err.stack,err.type';
    return pino({
      ...base,
      transport: {
        target: 'pino-pretty',
        options: { translateTime: 'HH:MM:ss.l', ignore, singleLine: true, errorLikeObjectKeys: [] },
      },
    });
  }
  return opts.destination ? pino(base, opts.destination as pino.DestinationStream) : pino(base);
}
