import type { EventEmitter } from "node:events";
import { closeDbNow } from "@/db";
import { shutdownLiveHub } from "@/lib/live";

/**
 * On SIGTERM/SIGINT (a deploy, a scale-down): the health check starts
 * answering 503 and open live streams are closed (browsers reconnect to
 * another instance). The database stays open until the process exits.
 *
 * `next start` handles the same signals: it stops taking connections, waits
 * for the requests under way and for their after() work (a profile view put
 * on record, a reply sent), then exits. Closing the database at the signal
 * would fail all of those; it closes at the "exit" event instead, when
 * nothing is left to run. The live streams must close at the signal: Next
 * waits for every open connection, and a stream stays open for good.
 */
export function handleShutdown(events: Pick<EventEmitter, "once"> = process) {
  const state = globalThis as { shopkeeperShutdownHooked?: boolean; shopkeeperShuttingDown?: boolean };
  if (state.shopkeeperShutdownHooked) return;
  state.shopkeeperShutdownHooked = true;
  const stop = (signal: NodeJS.Signals) => {
    if (state.shopkeeperShuttingDown) return;
    state.shopkeeperShuttingDown = true;
    console.log(`${signal}: closing live streams; the database closes once the requests under way are done`);
    shutdownLiveHub();
  };
  events.once("SIGTERM", stop);
  events.once("SIGINT", stop);
  events.once("exit", closeDbNow);
}
