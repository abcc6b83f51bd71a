export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  // Refuse to start with a bad setting (or, in production, without AUTH_SECRET or PUBLIC_URL).
  await import("./lib/startup-check");
  // Rate limits count the socket's address, which Next hands to no route: stamp it on every request.
  const { watchPeerAddresses } = await import("./lib/client-address");
  watchPeerAddresses();
  const { handleShutdown } = await import("./lib/shutdown");
  handleShutdown();
  // A fresh database has no one who can sign in: say so, with the command that adds the demo data.
  const [{ getDb }, { warnIfNoStaff }] = await Promise.all([import("@/db"), import("./lib/first-run")]);
  await warnIfNoStaff(getDb()).catch((error: unknown) => console.error("Shopkeeper: could not read the staff accounts at start", error));
  // Appointment reminders, 24 h and 2 h before, on the channel each customer chose (lib/reminder-schedule.ts).
  const { scheduleAppointmentReminders } = await import("./lib/reminder-schedule");
  scheduleAppointmentReminders();
  // Opt-in, for benchmarks: how long requests block the event loop (lib/event-loop-monitor.ts).
  if (process.env.SHOPKEEPER_EVENT_LOOP_REPORT) {
    const { reportEventLoopDelayFromEnv } = await import("./lib/event-loop-monitor");
    reportEventLoopDelayFromEnv();
  }
}
