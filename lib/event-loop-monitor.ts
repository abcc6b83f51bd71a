/**
 * How long the event loop was blocked: an opt-in monitor for benchmarks.
 *
 * A request that computes for 200 ms without yielding (a long synchronous
 * SQLite query, a big sort) stalls every other request of the process for
 * those 200 ms. `perf_hooks.monitorEventLoopDelay` samples that delay; this
 * module reports its maximum and 99th percentile.
 *
 * Turn it on in a production server with an environment variable, read by
 * instrumentation.ts at start-up:
 *
 *   SHOPKEEPER_EVENT_LOOP_REPORT=/tmp/loop.json npm start
 *   SHOPKEEPER_EVENT_LOOP_REPORT=stdout npm start      # one line a second instead
 *
 * The file is rewritten every half second with one JSON object:
 * `{"maxMs":…,"p99Ms":…,"meanMs":…,"samples":…,"since":"…ISO time…"}`, cumulative
 * since the server started or since the last reset. A benchmark starts a new
 * window by deleting the file: the next write starts from zero. Nothing runs
 * unless the variable is set.
 *
 * In-process benchmarks use `startEventLoopMonitor()` directly and read it.
 */
import fs from "node:fs";
import { monitorEventLoopDelay, type IntervalHistogram } from "node:perf_hooks";

export interface EventLoopDelay {
  maxMs: number;
  p99Ms: number;
  meanMs: number;
  samples: number;
  since: string;
}

export interface EventLoopMonitor {
  read(): EventLoopDelay;
  reset(): void;
  stop(): void;
}

const NS = 1e6;

/** Samples every `resolutionMs` (10 ms by default: a stall shorter than that is not seen). */
export function startEventLoopMonitor({ resolutionMs = 10 }: { resolutionMs?: number } = {}): EventLoopMonitor {
  const histogram: IntervalHistogram = monitorEventLoopDelay({ resolution: resolutionMs });
  histogram.enable();
  let since = new Date();
  return {
    read: () => {
      const samples = histogram.count;
      // With no samples yet the histogram reports huge sentinels: say zero.
      const value = (ns: number) => (samples ? Math.round((ns / NS) * 10) / 10 : 0);
      return { maxMs: value(histogram.max), p99Ms: value(histogram.percentile(99)), meanMs: value(histogram.mean), samples, since: since.toISOString() };
    },
    reset: () => {
      histogram.reset();
      since = new Date();
    },
    stop: () => histogram.disable(),
  };
}

/** Starts the monitor when SHOPKEEPER_EVENT_LOOP_REPORT names a file (or "stdout"); called from instrumentation.ts. */
export function reportEventLoopDelayFromEnv(env: Record<string, string | undefined> = process.env): EventLoopMonitor | null {
  const target = env.SHOPKEEPER_EVENT_LOOP_REPORT;
  if (!target) return null;
  const state = globalThis as { shopkeeperEventLoopMonitor?: EventLoopMonitor };
  if (state.shopkeeperEventLoopMonitor) return state.shopkeeperEventLoopMonitor;
  const monitor = startEventLoopMonitor();
  state.shopkeeperEventLoopMonitor = monitor;
  let written = false;
  const tick = () => {
    if (target === "stdout") {
      console.log(`event loop delay ${JSON.stringify(monitor.read())}`);
      return;
    }
    // Deleted since our last write: a benchmark asks for a new window.
    if (written && !fs.existsSync(target)) monitor.reset();
    const temporary = `${target}.${process.pid}.tmp`;
    fs.writeFileSync(temporary, JSON.stringify(monitor.read()));
    fs.renameSync(temporary, target);
    written = true;
  };
  setInterval(tick, target === "stdout" ? 1000 : 500).unref();
  return monitor;
}
