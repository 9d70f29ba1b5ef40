/** Process exit codes. 78 (EX_CONFIG) tells systemd not to restart-loop on a bad config. */
export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 64;
/** EX_DATAERR: the input data was bad (an import with bad rows: nothing was imported). */
export const EXIT_DATA = 65;
export const EXIT_CONFIG = 78;
