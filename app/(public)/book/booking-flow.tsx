"use client";

import { useActionState, useEffect, useRef, useState } from "react";
import { SubmitButton } from "@/components/ui/submit-button";
import type { BookingSource, DayChoice, TimeChoice } from "@/lib/booking-page";
import { bookAction, findTimesAction, requestCodeAction, type BookState, type CodeState, type TimesState } from "./actions";
import { BookedCard } from "./booked-card";
import { TimePicker } from "./time-picker";
import { appointmentLength } from "@/lib/appointment-hours";

type Step = "what" | "who" | "when" | "you" | "code" | "done";

export interface BookingFlowProps {
  source: BookingSource;
  types: Array<{ id: string; name: string; durationMinutes: number }>;
  associates: Array<{ id: string; firstName: string }>;
  /** Her own associate, chosen to start with. */
  defaultStaffId: string | null;
  prefill: { name: string; email: string; phone: string } | null;
  /** Heading level of the steps: h2 inside a page that has its own h1. */
  nested?: boolean;
}

const field = "block h-12 w-full rounded-lg border border-stone-300 bg-white px-3 text-base";
const choice = "flex min-h-12 items-center gap-3 rounded-lg border border-line bg-white px-3 has-[:checked]:border-accent has-[:checked]:bg-accent-soft";

function Source({ source }: { source: BookingSource }) {
  return "store" in source ? <input type="hidden" name="store" value={source.store} /> : <input type="hidden" name="link" value={source.link} />;
}

function Alert({ message, ok }: { message?: string; ok?: boolean }) {
  return (
    <div aria-live="polite">
      {message ? <p className={`rounded-lg px-3 py-2 ${ok ? "bg-emerald-50 text-emerald-900" : "bg-red-50 text-red-800"}`}>{message}</p> : null}
    </div>
  );
}

/**
 * Booking a visit, one question at a time: what, with whom, when, who she
 * is and how we may reach her, the code we sent, then booked. What she chose
 * stays on screen above the current question, each with a way back to it.
 * Used by a store's public booking page and by a customer's private page.
 */
export function BookingFlow({ source, types, associates, defaultStaffId, prefill, nested = false }: BookingFlowProps) {
  const [step, setStep] = useState<Step>("what");
  const [typeId, setTypeId] = useState(types.length === 1 ? types[0]!.id : "");
  const [staffId, setStaffId] = useState(defaultStaffId ?? "any");
  const [days, setDays] = useState<DayChoice[]>([]);
  const [time, setTime] = useState<(TimeChoice & { day: string; dayLabel: string }) | null>(null);
  const [lastDay, setLastDay] = useState<string | undefined>();
  const [contact, setContact] = useState({ name: prefill?.name ?? "", email: prefill?.email ?? "", phone: prefill?.phone ?? "", channel: prefill?.email || !prefill?.phone ? "email" : "sms" });
  const [bookingToken, setBookingToken] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | undefined>();
  const [detailsNotice, setDetailsNotice] = useState<string | undefined>();
  const heading = useRef<HTMLHeadingElement>(null);
  const first = useRef(true);
  useEffect(() => {
    // Each new question is read out and focused, but the page does not jump on first load.
    if (first.current) first.current = false;
    else heading.current?.focus();
  }, [step]);

  const [timesState, timesAction] = useActionState<TimesState, FormData>(async (previous, formData) => {
    const state = await findTimesAction(previous, formData);
    if (state.ok) {
      setDays(state.days ?? []);
      setNotice(undefined);
      setStep("when");
    }
    return state;
  }, {});
  const [codeState, codeAction] = useActionState<CodeState, FormData>(async (previous, formData) => {
    const state = await requestCodeAction(previous, formData);
    setDetailsNotice(undefined);
    if (state.ok) setStep("code");
    return state;
  }, {});
  const [bookState, bookFormAction] = useActionState<BookState, FormData>(async (previous, formData) => {
    const state = await bookAction(previous, formData);
    if (state.bookingToken) setBookingToken(state.bookingToken);
    if (state.ok) setStep("done");
    else if (state.unverified && formData.get("bookingToken")) {
      // The confirmation she had no longer works (used, too old, or her contact changed): a new code, then book.
      setBookingToken(null);
      setDetailsNotice(state.message);
      setStep("you");
    }
    else if (state.taken) {
      // Her details stay; only the time changes. The times are read again, without the one just taken.
      const again = new FormData();
      for (const [k, v] of formData) if (k === "store" || k === "link" || k === "typeId") again.set(k, v);
      again.set("staffId", staffId);
      const fresh = await findTimesAction({}, again);
      setDays(fresh.days ?? []);
      setLastDay(time?.day);
      setTime(null);
      setNotice(state.message);
      setStep("when");
    }
    return state;
  }, {});

  const type = types.find((t) => t.id === typeId);
  const who = staffId === "any" ? "Anyone available" : associates.find((a) => a.id === staffId)?.firstName;
  const timeWith = time && staffId === "any" ? associates.find((a) => a.id === time.staffId)?.firstName : who;
  const H = nested ? "h3" : "h2";

  if (!types.length || !associates.length) return <p className="text-muted">Appointments cannot be booked online here yet. Please call the store.</p>;

  if (step === "done" && bookState.booked) {
    return <BookedCard booked={bookState.booked} sentTo={contact.channel === "email" ? `to ${contact.email}` : `by text to ${contact.phone}`} heading={heading} level={H} />;
  }

  const summary: Array<{ label: string; value: string; back: Step }> = [];
  if (type && step !== "what") summary.push({ label: "What", value: `${type.name}, ${appointmentLength(type.durationMinutes)}`, back: "what" });
  if (who && (step === "when" || step === "you" || step === "code")) summary.push({ label: "With", value: who, back: "who" });
  if (time && (step === "you" || step === "code")) summary.push({ label: "When", value: `${time.dayLabel}, ${time.label}${staffId === "any" && timeWith ? ` with ${timeWith}` : ""}`, back: "when" });

  return (
    <div className="space-y-4">
      {summary.length ? (
        <dl className="divide-y divide-line rounded-xl border border-line bg-white">
          {summary.map((s) => (
            <div key={s.label} className="px-4 py-2">
              <dt className="text-sm text-muted">{s.label}</dt>
              <dd className="-mt-2 flex items-center justify-between gap-3">
                <span className="font-medium">{s.value}</span>
                <button type="button" onClick={() => setStep(s.back)} className="h-11 shrink-0 px-2 font-medium text-accent underline">
                  Change<span className="sr-only"> {s.label.toLowerCase()}</span>
                </button>
              </dd>
            </div>
          ))}
        </dl>
      ) : null}

      {step === "what" ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (typeId) setStep("who");
          }}
          className="space-y-3"
        >
          <fieldset className="space-y-2">
            <legend className="mb-2">
              <H ref={heading} tabIndex={-1} className="text-lg font-semibold">
                What would you like to book?
              </H>
            </legend>
            {types.map((t) => (
              <label key={t.id} className={choice}>
                <input type="radio" name="typeId" value={t.id} checked={typeId === t.id} onChange={() => setTypeId(t.id)} className="h-5 w-5 accent-accent" />
                <span className="flex-1">{t.name}</span>
                <span className="text-sm text-muted">{appointmentLength(t.durationMinutes)}</span>
              </label>
            ))}
          </fieldset>
          <button type="submit" disabled={!typeId} className="h-12 w-full rounded-lg bg-accent px-5 font-medium text-white disabled:bg-accent/50">
            Continue
          </button>
        </form>
      ) : null}

      {step === "who" ? (
        <form action={timesAction} className="space-y-3">
          <Source source={source} />
          <input type="hidden" name="typeId" value={typeId} />
          <fieldset className="space-y-2">
            <legend className="mb-2">
              <H ref={heading} tabIndex={-1} className="text-lg font-semibold">
                Who would you like to see?
              </H>
            </legend>
            {associates.map((a) => (
              <label key={a.id} className={choice}>
                <input type="radio" name="staffId" value={a.id} checked={staffId === a.id} onChange={() => setStaffId(a.id)} className="h-5 w-5 accent-accent" />
                <span className="flex-1">{a.firstName}</span>
                {a.id === defaultStaffId ? <span className="text-sm text-muted">Your associate</span> : null}
              </label>
            ))}
            <label className={choice}>
              <input type="radio" name="staffId" value="any" checked={staffId === "any"} onChange={() => setStaffId("any")} className="h-5 w-5 accent-accent" />
              <span className="flex-1">Anyone available</span>
            </label>
          </fieldset>
          <Alert message={timesState.ok ? undefined : timesState.message} />
          <SubmitButton pendingLabel="Finding times…" className="w-full">
            See free times
          </SubmitButton>
        </form>
      ) : null}

      {step === "when" ? (
        <section aria-labelledby="when-heading" className="space-y-3">
          <H id="when-heading" ref={heading} tabIndex={-1} className="text-lg font-semibold">
            Choose a day and time
          </H>
          <Alert message={notice ?? (days.length ? undefined : timesState.message)} />
          {days.length ? (
            <TimePicker
              days={days}
              chosen={time?.startsAt}
              initialDay={lastDay}
              onChoose={(t, d) => {
                setTime({ ...t, day: d.day, dayLabel: d.label });
                setNotice(undefined);
                setStep("you");
              }}
            />
          ) : null}
        </section>
      ) : null}

      {step === "you" || step === "code" ? (
        <form action={step === "you" && !bookingToken ? codeAction : bookFormAction} className="space-y-3">
          <Source source={source} />
          <input type="hidden" name="typeId" value={typeId} />
          <input type="hidden" name="staffId" value={time?.staffId ?? ""} />
          <input type="hidden" name="startsAt" value={time?.startsAt ?? ""} />
          {bookingToken ? <input type="hidden" name="bookingToken" value={bookingToken} /> : null}
          {step === "you" ? (
            <>
              <H ref={heading} tabIndex={-1} className="text-lg font-semibold">
                Your details
              </H>
              <label className="block space-y-1">
                <span className="font-medium">Your name</span>
                <input name="name" required maxLength={100} autoComplete="name" value={contact.name} onChange={(e) => setContact({ ...contact, name: e.target.value })} className={field} />
              </label>
              <label className="block space-y-1">
                <span className="font-medium">Email</span>
                <input name="email" type="email" maxLength={254} autoComplete="email" value={contact.email} onChange={(e) => setContact({ ...contact, email: e.target.value })} className={field} />
              </label>
              <label className="block space-y-1">
                <span className="font-medium">Mobile phone</span>
                <input name="phone" type="tel" maxLength={40} autoComplete="tel" value={contact.phone} onChange={(e) => setContact({ ...contact, phone: e.target.value })} className={field} />
              </label>
              <fieldset className="space-y-2">
                <legend className="mb-1 font-medium">How may we contact you?</legend>
                <p className="text-sm text-muted">Your code, the confirmation and reminders go there.</p>
                <label className={choice}>
                  <input type="radio" name="channel" value="email" checked={contact.channel === "email"} onChange={() => setContact({ ...contact, channel: "email" })} className="h-5 w-5 accent-accent" />
                  By email
                </label>
                <label className={choice}>
                  <input type="radio" name="channel" value="sms" checked={contact.channel === "sms"} onChange={() => setContact({ ...contact, channel: "sms" })} className="h-5 w-5 accent-accent" />
                  By text message
                </label>
              </fieldset>
              <Alert message={detailsNotice ?? (bookingToken ? (bookState.taken ? undefined : bookState.message) : codeState.ok ? undefined : codeState.message)} />
              {bookingToken ? (
                <SubmitButton pendingLabel="Booking…" className="w-full">
                  Book
                </SubmitButton>
              ) : (
                <SubmitButton pendingLabel="Sending…" className="w-full">
                  Send me a code
                </SubmitButton>
              )}
            </>
          ) : (
            <>
              {(["name", "email", "phone", "channel"] as const).map((k) => (
                <input key={k} type="hidden" name={k} value={contact[k]} />
              ))}
              <H ref={heading} tabIndex={-1} className="text-lg font-semibold">
                Enter your code
              </H>
              <Alert message={codeState.message} ok />
              <label className="block space-y-1">
                <span className="font-medium">Six-digit code</span>
                <input name="code" required inputMode="numeric" pattern="[0-9]{6}" maxLength={6} autoComplete="one-time-code" className={`${field} tracking-[0.3em]`} />
              </label>
              <Alert message={bookState.ok ? undefined : bookState.message} />
              <SubmitButton pendingLabel="Booking…" className="w-full">
                Book
              </SubmitButton>
              <button type="button" onClick={() => setStep("you")} className="h-11 w-full font-medium text-accent underline">
                Change my details or send a new code
              </button>
            </>
          )}
        </form>
      ) : null}
    </div>
  );
}
