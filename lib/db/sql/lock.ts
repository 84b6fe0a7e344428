/**
 * The advisory lock that makes syncs exclusive. Transaction-scoped, because the Data API gives no
 * session that outlives a call; every writing statement takes it itself with `try` (never waits).
 */
export const SYNC_LOCK_KEY = '7426117206';
export const TRY_SYNC_LOCK = `pg_try_advisory_xact_lock(${SYNC_LOCK_KEY})`;
/** Raised (SQLSTATE 55P03, lock_not_available) by statements that find the lock taken. */
export const BUSY_MESSAGE = 'model-sync: another sync is running';
