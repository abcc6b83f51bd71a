export async function register() {
  // Refuse to start a production server that cannot sign sessions safely.
  if (process.env.NEXT_RUNTIME === "nodejs") await import("./lib/startup-check");
}
