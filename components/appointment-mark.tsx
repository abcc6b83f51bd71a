"use client";

import { useActionState } from "react";
import type { ActionState } from "@/lib/actions";
import { markAppointmentAction } from "@/app/(staff)/calendar/actions";

const BUTTON = "inline-flex h-11 items-center rounded-lg border border-line bg-white px-4 text-sm font-medium hover:bg-stone-50 disabled:opacity-60";

/**
 * "Came" and "Did not come" for a booked appointment, once it is time to say:
 * from 30 minutes before it starts (she came early) and, for a no-show, once
 * it has started. The page says it again when it refreshes.
 */
export function AppointmentMark({ appointmentId, who, canMarkKept, canMarkNoShow }: { appointmentId: string; who: string; canMarkKept: boolean; canMarkNoShow: boolean }) {
  const [state, formAction, pending] = useActionState<ActionState, FormData>(markAppointmentAction, {});
  if (!canMarkKept && !canMarkNoShow) return null;
  return (
    <form action={formAction} className="flex flex-wrap items-center gap-2">
      <input type="hidden" name="appointmentId" value={appointmentId} />
      {canMarkKept ? (
        <button type="submit" name="outcome" value="kept" disabled={pending} aria-label={`${who} came`} className={BUTTON}>
          Came
        </button>
      ) : null}
      {canMarkNoShow ? (
        <button type="submit" name="outcome" value="no_show" disabled={pending} aria-label={`${who} did not come`} className={BUTTON}>
          Did not come
        </button>
      ) : null}
      {state.message && !state.ok ? (
        <p role="alert" className="basis-full text-sm text-red-700">
          {state.message}
        </p>
      ) : null}
    </form>
  );
}
