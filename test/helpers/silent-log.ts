import pino from 'pino';

/** A logger that drops everything (tests that assert on logs build their own). */
export const silentLog = pino({ level: 'silent' });
