export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  // Refuse to start with a bad setting (or, in production, without AUTH_SECRET or PUBLIC_URL).
  await import("./lib/startup-check");
  const { handleShutdown } = await import("./lib/shutdown");
  handleShutdown();
}
