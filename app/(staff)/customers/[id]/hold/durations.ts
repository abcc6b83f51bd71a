/** How long a hold may last: the lengths the hold form offers, and the only ones the action accepts. */
export const HOLD_DURATIONS = [
  { hours: 24, label: "1 day" },
  { hours: 48, label: "2 days" },
  { hours: 72, label: "3 days" },
  { hours: 168, label: "1 week" },
] as const;
