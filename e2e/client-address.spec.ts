import http from "node:http";
import Database from "better-sqlite3";
import { expect, test } from "@playwright/test";
import { EXPIRED_LINK_TOKEN } from "./support/fixtures";
import { E2E_DATABASE_PATH } from "./support/database";

// The customer-page limit counts the address a request connects from, not the
// X-Forwarded-For a client makes up. These requests come from 127.0.0.2 (any
// 127.x address reaches the server on Linux), so no other spec shares their count.
const CLIENT = "127.0.0.2";

function openPage(baseURL: string, forwardedFor: string): Promise<number> {
  const url = new URL(`/c/${EXPIRED_LINK_TOKEN}`, baseURL);
  return new Promise((resolve, reject) => {
    const request = http.get(
      { host: "127.0.0.1", port: url.port, path: url.pathname, localAddress: CLIENT, headers: { "x-forwarded-for": forwardedFor, "x-shopkeeper-peer": "made-up" } },
      (response) => {
        response.resume();
        response.on("end", () => resolve(response.statusCode ?? 0));
      },
    );
    request.on("error", reject);
  });
}

test("200 requests with made-up X-Forwarded-For values from one client count as one client", async ({ baseURL }) => {
  for (let i = 0; i < 200; i++) expect(await openPage(baseURL!, `203.0.113.${i % 250}, 198.51.${i}.7`)).toBe(200);

  const db = new Database(E2E_DATABASE_PATH, { readonly: true });
  try {
    const counters = db.prepare("select key, count from rate_limits where key like 'customer-page:%'").all() as { key: string; count: number }[];
    expect(counters.find((c) => c.key === `customer-page:${CLIENT}`)?.count).toBe(200);
    expect(counters.filter((c) => /203\.0\.113|198\.51\./.test(c.key))).toEqual([]);
  } finally {
    db.close();
  }
});
