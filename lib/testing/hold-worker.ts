// One "tablet": its own connection to the shared database file, firing hold
// attempts the moment the test releases the start barrier.
import { parentPort, workerData } from "node:worker_threads";
import { openDatabase } from "@/db";
import { placeHold } from "@/lib/holds";

const { file, attempts, barrier, customerId, variantId, storeId, staffId, worker } = workerData as {
  file: string;
  attempts: number;
  barrier: SharedArrayBuffer;
  customerId: string;
  variantId: string;
  storeId: string;
  staffId: string;
  worker: number;
};

const database = await openDatabase({ dialect: "sqlite", file }, { migrate: false });
const { db } = database;
const gate = new Int32Array(barrier);
Atomics.add(gate, 1, 1);
Atomics.wait(gate, 0, 0);

const results: string[] = [];
for (let i = 0; i < attempts; i++) {
  const result = await placeHold(db, {
    customerId,
    variantId,
    storeId,
    staffId,
    expiresAt: new Date(Date.now() + 3_600_000),
    idempotencyKey: `worker-${worker}-attempt-${i}`,
  });
  results.push(result.ok ? "held" : result.reason);
}
await database.close();
parentPort?.postMessage(results);
