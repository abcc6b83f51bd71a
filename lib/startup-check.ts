import { parseSettings, resolveAuthSecret } from "./env";

// Refuse to start a server whose settings are wrong, saying what to fix, rather
// than fail on the first request that needs a setting (or, worse, run unsafely:
// unsigned sessions, links that take their host from a request).
const result = parseSettings(process.env);
if (!result.ok) {
  console.error(`Shopkeeper cannot start; fix these settings in the environment:\n${result.problems.map((p) => `  - ${p}`).join("\n")}`);
  process.exit(1);
}
try {
  // In development, creates the session secret once if none is set.
  resolveAuthSecret(process.env);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
