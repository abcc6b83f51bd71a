/**
 * How long a hold may last: the choices the hold form offers, and the only
 * ones the action accepts. A hold of n days ends at closing time on the
 * store's n-th open day ahead (lib/store-hours.ts holdEnd).
 */
export const HOLD_DURATIONS = [
  { days: 1, label: "1 day" },
  { days: 2, label: "2 days" },
  { days: 3, label: "3 days" },
  { days: 7, label: "1 week" },
] as const;
