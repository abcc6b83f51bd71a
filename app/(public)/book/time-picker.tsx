"use client";

import { useState } from "react";
import type { DayChoice, TimeChoice } from "@/lib/booking-page";

/**
 * Free times, a day at a time: the days as a row of buttons (scrolls
 * sideways on a phone), the chosen day's times as a grid. Choosing a time
 * hands it to `onChoose`; nothing is booked yet.
 */
export function TimePicker({ days, chosen, initialDay, onChoose }: { days: DayChoice[]; chosen?: string; initialDay?: string; onChoose: (time: TimeChoice, day: DayChoice) => void }) {
  // Open on the day of the time chosen, else the day she was looking at (a time just taken by someone else), else the first.
  const [dayIndex, setDayIndex] = useState(() => Math.max(0, days.findIndex((d) => d.times.some((t) => t.startsAt === chosen) || d.day === initialDay)));
  const day = days[dayIndex] ?? days[0];
  if (!day) return <p className="text-muted">No free times in the next two weeks.</p>;
  return (
    <div className="space-y-4">
      <div role="group" aria-label="Day" className="-mx-1 flex gap-2 overflow-x-auto px-1 pb-2">
        {days.map((d, i) => (
          <button
            key={d.day}
            type="button"
            aria-pressed={i === dayIndex}
            onClick={() => setDayIndex(i)}
            className={`flex h-16 min-w-16 shrink-0 flex-col items-center justify-center rounded-lg border px-2 text-sm ${i === dayIndex ? "border-accent bg-accent text-white" : "border-line bg-white text-ink"}`}
          >
            <span className="font-medium">{d.label.split(",")[0]}</span> <span>{d.label.split(", ")[1]}</span>
          </button>
        ))}
      </div>
      <div role="group" aria-label={`Times on ${day.label}`} className="grid grid-cols-3 gap-2">
        {day.times.map((t) => (
          <button
            key={t.startsAt}
            type="button"
            aria-pressed={t.startsAt === chosen}
            onClick={() => onChoose(t, day)}
            className={`h-12 rounded-lg border text-base ${t.startsAt === chosen ? "border-accent bg-accent text-white" : "border-line bg-white text-ink"}`}
          >
            {t.label}
          </button>
        ))}
      </div>
    </div>
  );
}
