// Runs npm scripts side by side (`node scripts/parallel.mjs lint typecheck:app`) and fails if any
// of them fails, so that a two-core machine runs two at once: checks that are each a single busy
// process (ESLint, tsc), and the two halves of the e2e run. Each line of output is printed as it
// comes, marked with its script's name, so a long run shows where it is; each script's result and
// time are printed when it ends.
import { spawn } from "node:child_process";
import readline from "node:readline";

const names = process.argv.slice(2);
if (names.length === 0) {
  console.error("Usage: node scripts/parallel.mjs <npm script> [<npm script> …]");
  process.exit(2);
}

const npm = process.platform === "win32" ? "npm.cmd" : "npm";
const width = Math.max(...names.map((name) => name.length));
const results = await Promise.all(
  names.map(
    (name) =>
      new Promise((resolve) => {
        const started = Date.now();
        const child = spawn(npm, ["run", "--silent", name], { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, FORCE_COLOR: process.env.FORCE_COLOR ?? "1" } });
        const mark = `[${name.padEnd(width)}]`;
        for (const stream of [child.stdout, child.stderr]) readline.createInterface({ input: stream, crlfDelay: Infinity }).on("line", (line) => console.log(`${mark} ${line}`));
        child.on("error", (error) => console.log(`${mark} ${error}`));
        child.on("close", (code, signal) => {
          const seconds = ((Date.now() - started) / 1000).toFixed(1);
          console.log(`\n> npm run ${name}: ${code === 0 ? "passed" : `failed (${signal ?? `exit ${code}`})`} in ${seconds} s\n`);
          resolve(code === 0);
        });
      }),
  ),
);
process.exit(results.every(Boolean) ? 0 : 1);
