/** Process exit codes. 78 (EX_CONFIG) tells systemd not to restart-loop on a bad config. */
export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 64;
export const EXIT_CONFIG = 78;
