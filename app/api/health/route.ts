import { getOpenDatabase } from "@/db";

// For load balancers: 200 while this instance can reach its database, 503 when
// it cannot (or is shutting down), so traffic moves to another instance.
export const dynamic = "force-dynamic";
export const runtime = "nodejs";

const TIMEOUT_MS = 2_000;

export async function GET(): Promise<Response> {
  const headers = { "cache-control": "no-store" };
  if ((globalThis as { shopkeeperShuttingDown?: boolean }).shopkeeperShuttingDown) {
    return Response.json({ status: "stopping" }, { status: 503, headers });
  }
  const database = getOpenDatabase();
  const started = performance.now();
  try {
    await Promise.race([
      database.ping(),
      new Promise((_, reject) => setTimeout(() => reject(new Error(`no answer within ${TIMEOUT_MS} ms`)), TIMEOUT_MS).unref()),
    ]);
    return Response.json({ status: "ok", database: database.dialect, latencyMs: Math.round(performance.now() - started) }, { headers });
  } catch (error) {
    console.error("Health check: the database did not answer", error);
    return Response.json({ status: "unavailable", database: database.dialect }, { status: 503, headers });
  }
}
