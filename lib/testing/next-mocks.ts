import { vi } from "vitest";
import type { Db } from "@/db";

/**
 * Stand-ins for what server code gets from Next and Auth.js at request time:
 * the session, redirect/notFound (thrown so tests can see them) and the cache.
 * Everything else, the database included, is real. Each test file wires them:
 *
 *   vi.mock("next-auth", async () => (await import("@/lib/testing/next-mocks")).nextAuth);
 */
export const testSession: { current: null | { user: { id: string }; signedInAt?: number } } = { current: null };
export const testDb: { current: Db | null } = { current: null };

export const nextAuth = {
  default: () => ({ handlers: {}, auth: async () => testSession.current, signIn: vi.fn(), signOut: vi.fn() }),
  CredentialsSignin: class extends Error {},
};
export const credentialsProvider = { default: () => ({}) };
export const navigation = {
  redirect: (url: string) => {
    throw new Error(`redirect:${url}`);
  },
  notFound: () => {
    throw new Error("not-found");
  },
};
export const cache = { revalidatePath: vi.fn() };

export async function dbModule(original: () => Promise<object>) {
  return {
    ...(await original()),
    getDb: () => {
      if (!testDb.current) throw new Error("testDb.current is not set");
      return testDb.current;
    },
  };
}
