// Runs npm scripts side by side (`node scripts/parallel.mjs lint typecheck:app`), printing each
// one's output whole when it ends, and fails if any of them fails. For checks that are each a
// single busy process (ESLint, tsc), so that a two-core machine runs two at once.
import { spawn } from "node:child_process";

const names = process.argv.slice(2);
if (names.length === 0) {
  console.error("Usage: node scripts/parallel.mjs <npm script> [<npm script> …]");
  process.exit(2);
}

const npm = process.platform === "win32" ? "npm.cmd" : "npm";
const results = await Promise.all(
  names.map(
    (name) =>
      new Promise((resolve) => {
        const started = Date.now();
        const child = spawn(npm, ["run", "--silent", name], { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, FORCE_COLOR: process.env.FORCE_COLOR ?? "1" } });
        const chunks = [];
        child.stdout.on("data", (chunk) => chunks.push(chunk));
        child.stderr.on("data", (chunk) => chunks.push(chunk));
        child.on("error", (error) => chunks.push(Buffer.from(String(error))));
        child.on("close", (code, signal) => {
          const seconds = ((Date.now() - started) / 1000).toFixed(1);
          const output = Buffer.concat(chunks).toString("utf8").trimEnd();
          const ok = code === 0;
          console.log(`\n> npm run ${name}: ${ok ? "passed" : `failed (${signal ?? `exit ${code}`})`} in ${seconds} s${output ? `\n${output}` : ""}`);
          resolve(ok);
        });
      }),
  ),
);
process.exit(results.every(Boolean) ? 0 : 1);
