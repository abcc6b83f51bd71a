export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  // Refuse to start a production server that cannot sign sessions safely.
  await import("./lib/startup-check");
  const { handleShutdown } = await import("./lib/shutdown");
  handleShutdown();
}
