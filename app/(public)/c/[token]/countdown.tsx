"use client";

import { useEffect, useState } from "react";

function remaining(until: number, now: number): string {
  const minutes = Math.max(0, Math.floor((until - now) / 60_000));
  if (minutes === 0) return "ending now";
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  if (days > 0) return `${days} day${days === 1 ? "" : "s"} ${hours} h left`;
  return hours > 0 ? `${hours} h ${minutes % 60} min left` : `${minutes} min left`;
}

/** Time left on a hold, updated every minute. The server renders the first value. */
export function Countdown({ until, renderedAt }: { until: number; renderedAt: number }) {
  const [now, setNow] = useState(renderedAt);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 60_000);
    return () => clearInterval(timer);
  }, []);
  return <span>{remaining(until, now)}</span>;
}
