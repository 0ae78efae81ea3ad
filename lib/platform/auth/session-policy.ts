/**
 * Session lifetime rules, pure so that they can be tested with any clock. A session lives at
 * most `maxAgeMs` from sign-in, whatever the activity; its roles are never older than
 * `recheckMs`: the IdP groups are re-read before that, or the session ends.
 */
export interface SessionPolicy {
  /** Absolute lifetime from sign-in (BULKHEAD_SESSION_MAX_HOURS). */
  maxAgeMs: number;
  /** Longest time between two reads of the IdP groups (BULKHEAD_SESSION_RECHECK_MINUTES). */
  recheckMs: number;
}

/** A failed re-check is retried at most this often per session (it is also the check's lease). */
export const RECHECK_RETRY_MS = 60_000;

/** lastSeenAt is written at most this often per session, so a busy page costs no writes. */
export const LAST_SEEN_RESOLUTION_MS = 60_000;

export function sessionPolicyFrom(settings: { maxHours: number; recheckMinutes: number }): SessionPolicy {
  return { maxAgeMs: settings.maxHours * 3_600_000, recheckMs: settings.recheckMinutes * 60_000 };
}

export function sessionExpiresAt(signedInAt: Date, policy: SessionPolicy): Date {
  return new Date(signedInAt.getTime() + policy.maxAgeMs);
}

/**
 * How fresh a session's roles are. `due`: start re-reading the groups (a little before the
 * limit, so that a slow or briefly failing IdP does not end the session); `overdue`: the limit
 * has passed and the roles may not be used until a re-check succeeds.
 */
export function recheckStateOf(groupsCheckedAt: Date, now: Date, policy: SessionPolicy): "fresh" | "due" | "overdue" {
  const age = now.getTime() - groupsCheckedAt.getTime();
  if (age >= policy.recheckMs) return "overdue";
  const lead = Math.min(10 * 60_000, policy.recheckMs / 4);
  return age >= policy.recheckMs - lead ? "due" : "fresh";
}

/**
 * The JWT lifetime Auth.js may give a re-issued cookie: its rolling `maxAge`, but never past the
 * session's absolute end. Seconds, at least 1 (a zero maxAge would mean Auth.js's default).
 */
export function cappedJwtMaxAge(rollingMaxAgeSec: number, sessionEndSec: number | undefined, nowSec: number): number {
  if (sessionEndSec === undefined) return rollingMaxAgeSec;
  return Math.max(1, Math.min(rollingMaxAgeSec, Math.floor(sessionEndSec - nowSec)));
}
