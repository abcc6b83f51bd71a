import { beforeEach, describe, expect, it, vi } from "vitest";

// The action's own work: validating the form and turning Auth.js's answer into
// a message. Auth.js itself is a stand-in here; lib/sign-in.test.ts covers the rules.
const signIn = vi.fn();
vi.mock("next-auth", () => {
  class AuthError extends Error {}
  class CredentialsSignin extends AuthError {}
  return { AuthError, CredentialsSignin, default: () => ({ handlers: {}, auth: async () => null, signIn, signOut: vi.fn() }) };
});
vi.mock("next-auth/providers/credentials", async () => (await import("@/lib/testing/next-mocks")).credentialsProvider);
vi.mock("@/db", async (original) => (await import("@/lib/testing/next-mocks")).dbModule(original));

const { signInAction } = await import("./actions");
const { SignInThrottledError } = await import("@/lib/auth");
const { CredentialsSignin } = await import("next-auth");
const { testDb } = await import("@/lib/testing/next-mocks");
const { createTestDb } = await import("@/lib/testing/db");
const { createStaff, createStore } = await import("@/lib/testing/factories");
const { forgetStaffSeen } = await import("@/lib/first-run");

const form = (fields: Record<string, string>) => {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.set(name, value);
  return data;
};

beforeEach(async () => {
  signIn.mockReset();
  forgetStaffSeen();
  testDb.current = await createTestDb();
  await createStaff(testDb.current, { storeId: (await createStore(testDb.current)).id });
});

describe("signInAction", () => {
  it.each([["nothing", undefined], ["a string", "email=maya@shop.example"], ["an object", { email: "maya@shop.example", password: "x" }]])(
    "answers a forged request whose form is %s plainly, without trying to sign in",
    async (_, argument) => {
      const state = await signInAction({}, argument as unknown as FormData);
      expect(state).toEqual({ message: expect.stringMatching(/could not be read/) });
      expect(signIn).not.toHaveBeenCalled();
    },
  );

  it("asks for a valid email and a password without trying to sign in", async () => {
    const state = await signInAction({}, form({ email: "maya", password: "" }));
    expect(state.fieldErrors).toMatchObject({ email: [expect.any(String)], password: [expect.any(String)] });
    expect(signIn).not.toHaveBeenCalled();
  });

  it("says a wrong email or password don't match, keeping the email", async () => {
    signIn.mockRejectedValue(new CredentialsSignin());
    expect(await signInAction({}, form({ email: "maya@shop.example", password: "nope" }))).toEqual({
      email: "maya@shop.example",
      message: "That email and password don't match. Check both and try again.",
    });
  });

  it("on a database with no staff accounts, says so and gives the command that adds the demo data", async () => {
    testDb.current = await createTestDb();
    forgetStaffSeen();
    signIn.mockRejectedValue(new CredentialsSignin());
    const state = await signInAction({}, form({ email: "maya@shop.example", password: "shopkeeper" }));
    expect(state.message).toMatch(/no staff accounts/);
    expect(state.message).toContain("npm run db:seed");
  });

  it.each([
    [800, "a second"],
    [4_200, "5 seconds"],
    [59_000, "59 seconds"],
    [61_000, "2 minutes"],
    [15 * 60_000, "15 minutes"],
  ])("tells a throttled attempt how long to wait (%i ms: %s), never that an account is locked", async (ms, wait) => {
    signIn.mockRejectedValue(new SignInThrottledError(new Date(Date.now() + ms)));
    const state = await signInAction({}, form({ email: "maya@shop.example", password: "nope" }));
    expect(state.message).toBe(`Too many sign-in attempts. Wait ${wait}, then try again. If you have forgotten your password, ask your store manager.`);
    expect(state.message).not.toMatch(/lock|account/i);
  });
});
