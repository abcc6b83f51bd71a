import { beforeEach, describe, expect, it, vi } from "vitest";
import type { Db } from "@/db";
import { testDb, testSession } from "@/lib/testing/next-mocks";
import { createTestDb } from "../testing/db";
import { createStaff, createStore } from "../testing/factories";

// The guards read the session through Auth.js and the staff row from the
// database; the session is the only thing faked here.
vi.mock("next-auth", async () => (await import("@/lib/testing/next-mocks")).nextAuth);
vi.mock("next-auth/providers/credentials", async () => (await import("@/lib/testing/next-mocks")).credentialsProvider);
vi.mock("next/navigation", async () => (await import("@/lib/testing/next-mocks")).navigation);
vi.mock("next/cache", async () => (await import("@/lib/testing/next-mocks")).cache);
vi.mock("@/db", async (original) => (await import("@/lib/testing/next-mocks")).dbModule(original));

let db: Db;

const { requireManager, requireStaff, revokeSessions } = await import("./index");

let associateId: string;
let managerId: string;
let formerId: string;

beforeEach(async () => {
  db = await createTestDb();
  testDb.current = db;
  const store = await createStore(db, { name: "Oak Street" });
  associateId = (await createStaff(db, { storeId: store.id, name: "Hannah Lewis" })).id;
  managerId = (await createStaff(db, { storeId: store.id, role: "manager", name: "Marcus Bell" })).id;
  formerId = (await createStaff(db, { storeId: store.id, active: false })).id;
  testSession.current = null;
});

describe("requireStaff", () => {
  it("sends a visitor without a session to sign-in", async () => {
    await expect(requireStaff()).rejects.toThrow("redirect:/login");
  });

  it("sends a deactivated or unknown account to sign-in even with a valid session", async () => {
    testSession.current = { user: { id: formerId } };
    await expect(requireStaff()).rejects.toThrow("redirect:/login");
    testSession.current = { user: { id: "forged-id" } };
    await expect(requireStaff()).rejects.toThrow("redirect:/login");
  });

  it("returns the staff member with role and store from the database", async () => {
    testSession.current = { user: { id: associateId } };
    await expect(requireStaff()).resolves.toMatchObject({ id: associateId, firstName: "Hannah", role: "associate", storeName: "Oak Street" });
  });
});

describe("revokeSessions", () => {
  it("ends sessions that began before sign-out, even if their cookie comes back", async () => {
    testSession.current = { user: { id: associateId }, signedInAt: Date.now() - 60_000 };
    await expect(requireStaff()).resolves.toMatchObject({ id: associateId });
    await revokeSessions(associateId);
    await expect(requireStaff()).rejects.toThrow("redirect:/login");
    testSession.current = { user: { id: associateId }, signedInAt: Date.now() + 1 };
    await expect(requireStaff()).resolves.toMatchObject({ id: associateId });
  });
});

describe("requireManager", () => {
  it("answers an associate with not-found and lets a manager through", async () => {
    testSession.current = { user: { id: associateId } };
    await expect(requireManager()).rejects.toThrow("not-found");
    testSession.current = { user: { id: managerId } };
    await expect(requireManager()).resolves.toMatchObject({ id: managerId, role: "manager" });
  });
});
