import { beforeEach, describe, expect, it, vi } from "vitest";
import type { Db } from "@/db";
import { createTestDb } from "../testing/db";
import { createStaff, createStore } from "../testing/factories";

// The guards read the session through Auth.js and the staff row from the
// database; the session is the only thing faked here.
const session = vi.hoisted(() => ({ current: null as null | { user: { id: string }; signedInAt?: number } }));
let db: Db;

vi.mock("next-auth", () => ({
  default: () => ({ handlers: {}, auth: async () => session.current, signIn: vi.fn(), signOut: vi.fn() }),
  CredentialsSignin: class extends Error {},
}));
vi.mock("next-auth/providers/credentials", () => ({ default: () => ({}) }));
vi.mock("next/navigation", () => ({
  redirect: (url: string) => {
    throw new Error(`redirect:${url}`);
  },
  notFound: () => {
    throw new Error("not-found");
  },
}));
vi.mock("@/db", async (original) => ({ ...(await original<object>()), getDb: () => db }));

const { requireManager, requireStaff, revokeSessions } = await import("./index");

let associateId: string;
let managerId: string;
let formerId: string;

beforeEach(() => {
  db = createTestDb();
  const store = createStore(db, { name: "Oak Street" });
  associateId = createStaff(db, { storeId: store.id, name: "Hannah Lewis" }).id;
  managerId = createStaff(db, { storeId: store.id, role: "manager", name: "Marcus Bell" }).id;
  formerId = createStaff(db, { storeId: store.id, active: false }).id;
  session.current = null;
});

describe("requireStaff", () => {
  it("sends a visitor without a session to sign-in", async () => {
    await expect(requireStaff()).rejects.toThrow("redirect:/login");
  });

  it("sends a deactivated or unknown account to sign-in even with a valid session", async () => {
    session.current = { user: { id: formerId } };
    await expect(requireStaff()).rejects.toThrow("redirect:/login");
    session.current = { user: { id: "forged-id" } };
    await expect(requireStaff()).rejects.toThrow("redirect:/login");
  });

  it("returns the staff member with role and store from the database", async () => {
    session.current = { user: { id: associateId } };
    await expect(requireStaff()).resolves.toMatchObject({ id: associateId, firstName: "Hannah", role: "associate", storeName: "Oak Street" });
  });
});

describe("revokeSessions", () => {
  it("ends sessions that began before sign-out, even if their cookie comes back", async () => {
    session.current = { user: { id: associateId }, signedInAt: Date.now() - 60_000 };
    await expect(requireStaff()).resolves.toMatchObject({ id: associateId });
    await revokeSessions(associateId);
    await expect(requireStaff()).rejects.toThrow("redirect:/login");
    session.current = { user: { id: associateId }, signedInAt: Date.now() + 1 };
    await expect(requireStaff()).resolves.toMatchObject({ id: associateId });
  });
});

describe("requireManager", () => {
  it("answers an associate with not-found and lets a manager through", async () => {
    session.current = { user: { id: associateId } };
    await expect(requireManager()).rejects.toThrow("not-found");
    session.current = { user: { id: managerId } };
    await expect(requireManager()).resolves.toMatchObject({ id: managerId, role: "manager" });
  });
});
