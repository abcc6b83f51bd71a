"use client";

import { useActionState, useState } from "react";
import { SubmitButton } from "@/components/ui/submit-button";
import type { ActionState } from "@/lib/actions";
import type { DayChoice, TimeChoice } from "@/lib/booking-page";
import { TimePicker } from "../../book/time-picker";
import { cancelAction, moveAction, moveTimesAction, type MoveTimesState } from "./actions";

function Alert({ state }: { state: ActionState }) {
  return (
    <div aria-live="polite">
      {state.message ? <p className={`rounded-lg px-3 py-2 ${state.ok ? "bg-emerald-50 text-emerald-900" : "bg-red-50 text-red-800"}`}>{state.message}</p> : null}
    </div>
  );
}

/** Move: the same visit with the same associate at another free time, chosen as when booking, then confirmed. */
export function MoveAppointment({ token, associate }: { token: string; associate: string }) {
  const [days, setDays] = useState<DayChoice[] | null>(null);
  const [time, setTime] = useState<(TimeChoice & { dayLabel: string }) | null>(null);
  const [timesState, timesAction] = useActionState<MoveTimesState, FormData>(async (previous, formData) => {
    const state = await moveTimesAction(previous, formData);
    if (state.ok) setDays(state.days ?? []);
    return state;
  }, {});
  const [moveState, moveFormAction] = useActionState<ActionState, FormData>(async (previous, formData) => {
    const state = await moveAction(previous, formData);
    if (state.ok) {
      setDays(null);
      setTime(null);
    } else {
      // The time may have gone to someone else meanwhile: show what is free now.
      const again = new FormData();
      again.set("token", token);
      const fresh = await moveTimesAction({}, again);
      setDays(fresh.days ?? []);
      setTime(null);
    }
    return state;
  }, {});

  return (
    <section aria-labelledby="move-heading" className="space-y-3 rounded-xl border border-line bg-white p-4">
      <h2 id="move-heading" className="font-semibold">
        Move to another time
      </h2>
      <Alert state={moveState} />
      {days === null ? (
        <form action={timesAction} className="space-y-3">
          <input type="hidden" name="token" value={token} />
          <Alert state={timesState.ok ? {} : timesState} />
          <SubmitButton pendingLabel="Finding times…" variant="quiet" className="w-full">
            See {associate}&rsquo;s free times
          </SubmitButton>
        </form>
      ) : (
        <>
          {timesState.ok && timesState.message ? <p className="text-muted">{timesState.message}</p> : null}
          <TimePicker days={days} chosen={time?.startsAt} onChoose={(t, d) => setTime({ ...t, dayLabel: d.label })} />
          {time ? (
            <form action={moveFormAction}>
              <input type="hidden" name="token" value={token} />
              <input type="hidden" name="startsAt" value={time.startsAt} />
              <SubmitButton pendingLabel="Moving…" className="w-full">
                Move to {time.dayLabel}, {time.label}
              </SubmitButton>
            </form>
          ) : null}
          <button type="button" onClick={() => setDays(null)} className="h-11 w-full font-medium text-accent underline">
            Keep the current time
          </button>
        </>
      )}
    </section>
  );
}

/** Cancel, after a second tap that says what will be cancelled. */
export function CancelAppointment({ token, what }: { token: string; what: string }) {
  const [asking, setAsking] = useState(false);
  const [state, formAction] = useActionState<ActionState, FormData>(cancelAction, {});
  return (
    <section aria-labelledby="cancel-heading" className="space-y-3 rounded-xl border border-line bg-white p-4">
      <h2 id="cancel-heading" className="font-semibold">
        Cancel
      </h2>
      <Alert state={state} />
      {asking ? (
        <form action={formAction} className="space-y-3">
          <input type="hidden" name="token" value={token} />
          <input type="hidden" name="confirm" value="yes" />
          <p>Cancel your {what}? The time will be offered to others.</p>
          <SubmitButton pendingLabel="Cancelling…" className="w-full !bg-red-700">
            Yes, cancel it
          </SubmitButton>
          <button type="button" onClick={() => setAsking(false)} className="h-11 w-full font-medium text-accent underline">
            No, keep it
          </button>
        </form>
      ) : (
        <button type="button" onClick={() => setAsking(true)} className="h-12 w-full rounded-lg border border-line px-5 font-medium text-red-800">
          Cancel this appointment
        </button>
      )}
    </section>
  );
}
