import { closeDb } from "@/db";
import { shutdownLiveHub } from "@/lib/live";

/**
 * On SIGTERM/SIGINT (a deploy, a scale-down): the health check starts
 * answering 503, open live streams are closed (browsers reconnect to another
 * instance), and the database pool is ended after in-flight queries finish.
 */
export function handleShutdown() {
  const state = globalThis as { shopkeeperShutdownHooked?: boolean; shopkeeperShuttingDown?: boolean };
  if (state.shopkeeperShutdownHooked) return;
  state.shopkeeperShutdownHooked = true;
  const stop = (signal: NodeJS.Signals) => {
    if (state.shopkeeperShuttingDown) return;
    state.shopkeeperShuttingDown = true;
    console.log(`${signal}: closing live streams and the database`);
    shutdownLiveHub();
    void closeDb().catch((error) => console.error("Closing the database failed", error));
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}
