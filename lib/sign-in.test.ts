import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "@/db";
import { createTestDb } from "./testing/db";
import { createStaff, createStore } from "./testing/factories";
import { hashPassword } from "./passwords";
import { checkStaffCredentials, type SignInResult } from "./sign-in";

let passwordHash: string;
let db: Db;
let storeId: string;
const email = "maya@shop.example";
const STORE = "198.51.100.7"; // the shop's tablets
const STRANGER = "203.0.113.9";
const start = new Date("2026-11-23T10:00:00Z");
const at = (ms: number) => new Date(start.getTime() + ms);

const attempt = (who: string, password: string, address: string, now = start) => checkStaffCredentials(db, { email: who, password, address }, now);
const throttled = (result: SignInResult) => result.ok === false && result.reason === "throttled";

beforeAll(async () => {
  passwordHash = await hashPassword("correct horse");
});

beforeEach(async () => {
  db = await createTestDb();
  storeId = (await createStore(db)).id;
  await createStaff(db, { storeId, email, passwordHash, role: "manager", name: "Maya Chen" });
  await createStaff(db, { storeId, email: "left@shop.example", passwordHash, active: false });
});

describe("checkStaffCredentials", () => {
  it("accepts the right password, case-insensitive email, and returns role and store", async () => {
    const result = await attempt("  Maya@Shop.Example ", "correct horse", STORE);
    expect(result).toMatchObject({ ok: true, user: { email, name: "Maya Chen", role: "manager" } });
  });

  it("gives the same answer for a wrong password, an unknown email and a deactivated account", async () => {
    expect(await attempt(email, "wrong", STORE)).toEqual({ ok: false, reason: "invalid" });
    expect(await attempt("nobody@shop.example", "correct horse", STORE)).toEqual({ ok: false, reason: "invalid" });
    expect(await attempt("left@shop.example", "correct horse", STORE)).toEqual({ ok: false, reason: "invalid" });
    expect(await attempt("not an email", "x", STORE)).toEqual({ ok: false, reason: "invalid" });
  });

  it("answers unknown, deactivated and real emails identically at every step, slow-downs included", async () => {
    // Each email tried from its own address on the same schedule: bursts, waits, tries during a wait.
    const schedule = [0, 0, 0, 1_000, 2_000, 2_500, 3_000, 7_499, 7_500, 8_000, 17_500, 17_501, 40_000, 60 * 60_000, 3 * 60 * 60_000];
    const answers: Record<string, SignInResult[]> = {};
    for (const [who, address] of [[email, "192.0.2.1"], ["left@shop.example", "192.0.2.2"], ["nobody@shop.example", "192.0.2.3"]] as const) {
      answers[who] = [];
      for (const ms of schedule) answers[who].push(await attempt(who, "not it", address, at(ms)));
    }
    expect(answers["nobody@shop.example"]).toEqual(answers[email]);
    expect(answers["left@shop.example"]).toEqual(answers[email]);
    expect(answers[email]!.filter(throttled).length).toBeGreaterThan(0);
    // Slowed, never locked: the "locked" answer that only real accounts got is gone.
    expect(answers[email]!.map((r) => (r.ok ? "ok" : r.reason))).not.toContain("locked");
  });

  it("slows down wrong passwords for one account from one address, then lets the right one in", async () => {
    for (let i = 0; i < 5; i++) expect(await attempt(email, `wrong ${i}`, STORE)).toEqual({ ok: false, reason: "invalid" });
    // The sixth waits 5 s, the password not even checked; the right one too.
    expect(await attempt(email, "wrong 6", STORE, at(1_000))).toEqual({ ok: false, reason: "throttled", retryAt: at(5_000) });
    expect(await attempt(email, "correct horse", STORE, at(4_999))).toEqual({ ok: false, reason: "throttled", retryAt: at(5_000) });
    // After the wait the next wrong one doubles it.
    expect(await attempt(email, "wrong 7", STORE, at(5_000))).toEqual({ ok: false, reason: "invalid" });
    expect(await attempt(email, "wrong 8", STORE, at(6_000))).toEqual({ ok: false, reason: "throttled", retryAt: at(15_000) });
    expect(await attempt(email, "correct horse", STORE, at(15_000))).toMatchObject({ ok: true });
    // A right password starts the count over.
    for (let i = 0; i < 5; i++) expect(await attempt(email, `wrong ${i}`, STORE, at(16_000))).toEqual({ ok: false, reason: "invalid" });
  });

  it("slows down 40 wrong passwords sprayed over 10 accounts from one address", async () => {
    const emails = [email];
    for (let i = 1; i < 10; i++) emails.push((await createStaff(db, { storeId, email: `staff${i}@shop.example`, passwordHash })).email);
    const results: SignInResult[] = [];
    for (let i = 0; i < 40; i++) results.push(await attempt(emails[i % 10]!, `guess ${i}`, STRANGER, at(i * 1_000)));
    // Only 4 per account, but the address has had enough: fewer than half were checked at all.
    const checked = results.filter((r) => !throttled(r)).length;
    expect(checked).toBeLessThan(25);
    expect(results.slice(-5).every(throttled)).toBe(true);
    // The shop's own address is not slowed by it.
    expect(await attempt(emails[3]!, "correct horse", STORE, at(40_000))).toMatchObject({ ok: true });
  });

  it("does not let an attacker's failures from one address stop the owner signing in from another", async () => {
    // An hour of guessing from one address, taking every attempt the throttle allows.
    let now = 0;
    let guesses = 0;
    for (let tries = 0; now < 60 * 60_000 && tries < 100; tries++) {
      const result = await attempt(email, `guess ${guesses}`, STRANGER, at(now));
      if (result.ok) throw new Error("guessed");
      if (result.reason === "throttled") now = result.retryAt.getTime() - start.getTime();
      else guesses += 1;
    }
    expect(guesses).toBeLessThanOrEqual(15);
    // Maya at the store, a typo first, then her password: straight in.
    expect(await attempt(email, "correct hors", STORE, at(now))).toEqual({ ok: false, reason: "invalid" });
    expect(await attempt(email, "correct horse", STORE, at(now))).toMatchObject({ ok: true });
    // From her phone, an address never seen before: in as well.
    expect(await attempt(email, "correct horse", "192.0.2.55", at(now))).toMatchObject({ ok: true });
  });

  it("slows down guesses spread over many addresses, except where the account has signed in before", async () => {
    expect(await attempt(email, "correct horse", STORE)).toMatchObject({ ok: true });
    const results: SignInResult[] = [];
    for (let i = 0; i < 60; i++) results.push(await attempt(email, `guess ${i}`, `10.0.${i >> 4}.${i % 16}`, at(1_000)));
    expect(results.filter((r) => !throttled(r))).toHaveLength(50);
    expect(results.slice(50).every(throttled)).toBe(true);
    expect(await attempt(email, "correct horse", STORE, at(2_000))).toMatchObject({ ok: true });
  });

  it("does not let a correct password for one's own account clear an address's failures", async () => {
    const other = (await createStaff(db, { storeId, email: "jamal@shop.example", passwordHash })).email;
    for (let i = 0; i < 16; i++) expect(await attempt(`user${i}@shop.example`, "guess", STRANGER)).toMatchObject({ reason: "invalid" });
    expect(await attempt(other, "correct horse", STRANGER)).toMatchObject({ ok: true });
    for (let i = 16; i < 20; i++) expect(await attempt(`user${i}@shop.example`, "guess", STRANGER)).toMatchObject({ reason: "invalid" });
    expect(await attempt("user20@shop.example", "guess", STRANGER)).toMatchObject({ reason: "throttled" });
  });

  it("lets a store's staff keep signing in from one shared address", async () => {
    for (let i = 0; i < 40; i++) expect(await attempt(email, "correct horse", STORE, at(i * 1_000))).toMatchObject({ ok: true });
  });

  it("counts attempts made at the same moment together, as two app instances would", async () => {
    const results = await Promise.all(Array.from({ length: 9 }, (_, i) => attempt(email, `wrong ${i}`, STRANGER)));
    expect(results.filter((r) => !throttled(r))).toHaveLength(5);
    expect(results.filter(throttled)).toEqual(Array(4).fill({ ok: false, reason: "throttled", retryAt: at(5_000) }));
  });

  it("forgets a counter an hour after its wait has passed", async () => {
    for (let i = 0; i < 5; i++) await attempt(email, "wrong", STRANGER);
    expect(await attempt(email, "wrong", STRANGER, at(1_000))).toMatchObject({ reason: "throttled" });
    for (let i = 0; i < 5; i++) expect(await attempt(email, "wrong", STRANGER, at(5_000 + 60 * 60_000))).toMatchObject({ reason: "invalid" });
  });
});
