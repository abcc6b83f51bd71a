import fs from "node:fs";
import path from "node:path";
import { FAKE_X_CLIENT_ID, FAKE_X_CLIENT_SECRET, readFakeXLog } from "../../lib/testing/fake-x";

/**
 * The X and Instagram settings the e2e server runs with: a fake X and a fake
 * Graph API on this machine (scripts/e2e-server.ts starts both, and connects
 * Fifth Avenue's X account to the fake X).
 */
export function socialEnv(xPort: number, graphPort: number) {
  return {
    X_CLIENT_ID: FAKE_X_CLIENT_ID,
    X_CLIENT_SECRET: FAKE_X_CLIENT_SECRET,
    X_API_BASE_URL: `http://127.0.0.1:${xPort}`,
    X_AUTHORIZE_URL: `http://127.0.0.1:${xPort}/i/oauth2/authorize`,
    INSTAGRAM_GRAPH_BASE_URL: `http://127.0.0.1:${graphPort}/v21.0`,
    E2E_X_PORT: String(xPort),
    E2E_GRAPH_PORT: String(graphPort),
    E2E_X_LOG: process.env.E2E_X_LOG ?? xLogFile(xPort),
  } as const;
}

/** Where the e2e server's fake X writes what it was sent; the control file beside it steers it. */
export const xLogFile = (port: number) => path.resolve("data", "e2e-x", `${port}.jsonl`);
const controlFile = () => `${process.env.E2E_X_LOG!}.control.json`;

/** The posts the app sent through the fake X (playwright.config.ts names the log in E2E_X_LOG), oldest first. */
export const postsSentOnX = () => readFakeXLog(process.env.E2E_X_LOG!).filter((r) => r.path === "/2/tweets");

/** The fake X answers the next post with this HTTP status (500: X is down for a moment). */
export function failNextPostOnX(status = 500) {
  fs.writeFileSync(controlFile(), JSON.stringify({ failNext: status }));
}
