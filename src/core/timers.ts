/**
 * Node's timers wait at most 2^31 - 1 ms (about 24.8 days); a longer delay silently becomes
 * 1 ms, which made every case time out at once. Budgets are checked against this where they are
 * read (flags, configuration files) and clamped where a timer is set.
 */

/** The longest delay a timer can wait, in ms. */
export const MAX_TIMER_MS = 2_147_483_647;

/** `ms` as a timer can wait it: at most {@link MAX_TIMER_MS}. */
export function timerMs(ms: number): number {
  return Math.min(ms, MAX_TIMER_MS);
}
