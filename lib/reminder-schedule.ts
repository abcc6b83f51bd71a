import "server-only";
import { getDb } from "@/db";
import { queueDueReminders } from "@/lib/appointment-messages";
import { linkBaseUrl } from "@/lib/public-url";

/** How often a server looks for appointment reminders that are due (24 h and 2 h before). */
export const REMINDER_CHECK_MS = 5 * 60 * 1000;

/**
 * Every server looks for due reminders every few minutes. Several instances
 * may look at once: a reminder is written under a unique key per appointment,
 * kind and start time (lib/appointment-messages.ts), so it goes out once.
 * `SHOPKEEPER_REMINDERS=off` turns it off (the end-to-end server, whose demo
 * appointment must not send mail in the middle of other tests).
 */
export function scheduleAppointmentReminders(env: Record<string, string | undefined> = process.env) {
  const state = globalThis as { shopkeeperRemindersScheduled?: boolean };
  if (env.SHOPKEEPER_REMINDERS === "off" || state.shopkeeperRemindersScheduled) return;
  state.shopkeeperRemindersScheduled = true;
  const baseUrl = linkBaseUrl(new Headers({ host: `localhost:${env.PORT ?? 3000}` }), env);
  let running = false;
  const check = async () => {
    if (running) return;
    running = true;
    try {
      await queueDueReminders(getDb(), { now: new Date(), baseUrl });
    } catch (error) {
      console.error("Shopkeeper: appointment reminders could not be checked; trying again in a few minutes.", error);
    } finally {
      running = false;
    }
  };
  // Not at once: the server answers its first requests first.
  setTimeout(() => void check(), 30_000).unref();
  setInterval(() => void check(), REMINDER_CHECK_MS).unref();
}
