import { MissingAuthSecretError, resolveAuthSecret } from "./env";

try {
  resolveAuthSecret(process.env);
} catch (error) {
  console.error(error instanceof MissingAuthSecretError ? error.message : error);
  process.exit(1);
}
