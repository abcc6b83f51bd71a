export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { resolveAuthSecret, MissingAuthSecretError } = await import("@/lib/env");
  try {
    resolveAuthSecret(process.env);
  } catch (error) {
    console.error(error instanceof MissingAuthSecretError ? error.message : error);
    process.exit(1);
  }
}
