/**
 * How long records kept only for the service's own working are kept, in days: shared by the hourly
 * removal (app/models/housekeeping.server.ts) and the privacy notice that states them.
 */

/** Days a password reset link's record is kept after the link stops working: its page can say "expired" or "used" rather than "not recognised". */
export const RESET_LINKS_KEPT_DAYS = 30;

/** Days a run of scheduled work is kept in the record of runs; each job's latest run is kept however old. */
export const JOB_RUNS_KEPT_DAYS = 90;
