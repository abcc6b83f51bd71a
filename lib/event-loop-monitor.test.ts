import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { reportEventLoopDelayFromEnv, startEventLoopMonitor } from "./event-loop-monitor";

const block = (ms: number) => {
  const end = performance.now() + ms;
  while (performance.now() < end);
};
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("event loop monitor", () => {
  it("sees a 80 ms stall, and forgets it after a reset", async () => {
    const monitor = startEventLoopMonitor();
    await pause(30);
    block(80);
    await pause(30);
    expect(monitor.read().maxMs).toBeGreaterThanOrEqual(60);
    const before = monitor.read();
    monitor.reset();
    // Read straight away: a pause here could itself be stretched past 60 ms on a busy machine.
    expect(monitor.read()).toMatchObject({ maxMs: 0, samples: 0 });
    expect(new Date(monitor.read().since).getTime()).toBeGreaterThanOrEqual(new Date(before.since).getTime());
    monitor.stop();
  });

  it("writes its report to the file the environment names", async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "loop-")), "loop.json");
    expect(reportEventLoopDelayFromEnv({})).toBeNull();
    const monitor = reportEventLoopDelayFromEnv({ SHOPKEEPER_EVENT_LOOP_REPORT: file })!;
    await pause(20);
    block(70);
    await pause(700);
    const report = JSON.parse(fs.readFileSync(file, "utf8"));
    expect(report.maxMs).toBeGreaterThanOrEqual(50);
    expect(report.samples).toBeGreaterThan(0);
    monitor.stop();
  });
});
