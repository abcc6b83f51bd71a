"use server";

import { headers } from "next/headers";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db";
import { formFields, UNREADABLE_FORM, type ActionState } from "@/lib/actions";
import { cancelAppointment, moveAppointment } from "@/lib/appointments";
import { bookingPageLimiter, bookingTimes, manageView, type DayChoice } from "@/lib/booking-page";
import { linkBaseUrl } from "@/lib/public-url";
import { clientAddress } from "@/lib/rate-limit";

// The manage link's token is her only credential: every action checks it again
// (lib/appointment-changes.ts finds the appointment by its hash), and all of
// them count against the same per-address limit as opening the page.

const TOO_MANY = "Too many requests. Please try again in a few minutes.";
const NOT_FOUND = "That appointment was not found, or can no longer be changed.";

export interface MoveTimesState extends ActionState {
  days?: DayChoice[];
}

async function read<S extends z.ZodType>(formData: unknown, schema: S): Promise<{ ok: true; data: z.infer<S> } | { ok: false; state: ActionState }> {
  if (!(await bookingPageLimiter.take(clientAddress(await headers())))) return { ok: false, state: { message: TOO_MANY } };
  const fields = formFields(formData);
  if (!fields) return { ok: false, state: { message: UNREADABLE_FORM } };
  const parsed = schema.safeParse(fields);
  if (!parsed.success) return { ok: false, state: { message: parsed.error.issues[0]?.message ?? NOT_FOUND } };
  return { ok: true, data: parsed.data };
}

// A malformed token finds nothing, with the same answer as a wrong one.
const tokenOnly = z.object({ token: z.string().max(200) });

/** Free times to move to: the same appointment type with the same associate. */
export async function moveTimesAction(_previous: MoveTimesState, formData: FormData): Promise<MoveTimesState> {
  const input = await read(formData, tokenOnly);
  if (!input.ok) return input.state;
  const now = new Date();
  const db = getDb();
  const view = await manageView(db, { token: input.data.token, now });
  if (!view || view.state !== "upcoming") return { message: NOT_FOUND };
  const days = (await bookingTimes(db, { storeId: view.storeId, typeId: view.typeId, staffId: view.staffId, timeZone: view.store.timezone, now })) ?? [];
  return { ok: true, days, message: days.length ? undefined : `${view.staffFirstName} has no other free times in the next two weeks. Please call the store.` };
}

const moveSchema = z.object({ token: z.string().max(200), startsAt: z.iso.datetime({ message: "Choose a new time." }) });

export async function moveAction(_previous: ActionState, formData: FormData): Promise<ActionState> {
  const input = await read(formData, moveSchema);
  if (!input.ok) return input.state;
  const moved = await moveAppointment(getDb(), { actor: { token: input.data.token }, startsAt: new Date(input.data.startsAt), now: new Date(), baseUrl: linkBaseUrl(await headers()) });
  if (!moved.ok) return { message: moved.message };
  revalidatePath(`/a/${input.data.token}`);
  return { ok: true, message: "Moved. We sent you the new time." };
}

const cancelSchema = z.object({ token: z.string().max(200), confirm: z.literal("yes", { message: "Tick the box to confirm." }) });

export async function cancelAction(_previous: ActionState, formData: FormData): Promise<ActionState> {
  const input = await read(formData, cancelSchema);
  if (!input.ok) return input.state;
  const cancelled = await cancelAppointment(getDb(), { actor: { token: input.data.token }, now: new Date(), baseUrl: linkBaseUrl(await headers()) });
  if (!cancelled.ok) return { message: cancelled.message };
  revalidatePath(`/a/${input.data.token}`);
  return { ok: true, message: "Cancelled. The time is free for someone else." };
}
