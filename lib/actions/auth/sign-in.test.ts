import { beforeEach, describe, expect, it, vi } from "vitest";

// Auth.js answers a refused sign-in by throwing an AuthError (a CredentialsSignin) with the code lib/auth/auth.ts gives
// it; the action turns that into the form's message. next-auth itself does not load outside Next, so both are stubbed.
const refusal = vi.hoisted(() => ({ code: "" }));
const { AuthError } = vi.hoisted(() => ({ AuthError: class AuthError extends Error {} }));
vi.mock("next-auth", () => ({ AuthError }));
vi.mock("@/lib/auth/auth", () => ({
  signIn: async () => {
    throw Object.assign(new AuthError("CredentialsSignin"), { code: refusal.code });
  },
}));

const { signInAction } = await import("./sign-in");

function form(fields: Record<string, string>): FormData {
  const data = new FormData();
  for (const [key, value] of Object.entries(fields)) data.set(key, value);
  return data;
}

const signInWithCode = (code: string) => signInAction({ twoFactor: true, email: "finance@demo.test" }, form({ email: "finance@demo.test", password: "demo-password", callbackUrl: "/", code }));

beforeEach(() => {
  refusal.code = "invalid_two_factor_code";
});

describe("a refused second factor at sign-in", () => {
  it("in recovery-code mode (a code shaped as a recovery code) says so, without the authenticator's 30 seconds", async () => {
    for (const code of ["abcde-fghjk", "ABCDEFGHJK", " abcde-fghjk "]) {
      expect(await signInWithCode(code)).toEqual({ twoFactor: true, email: "finance@demo.test", fields: { code: "That recovery code is not right, or was already used." } });
    }
  });

  it("with an authenticator code speaks of the code changing every 30 seconds", async () => {
    expect(await signInWithCode("123456")).toEqual({
      twoFactor: true,
      email: "finance@demo.test",
      fields: { code: "That code is not right, or was already used. Codes change every 30 seconds." },
    });
  });

  it("asks for the code when the password was right and none was sent", async () => {
    refusal.code = "two_factor_required";
    expect(await signInAction({}, form({ email: "finance@demo.test", password: "demo-password", callbackUrl: "/" }))).toEqual({ twoFactor: true, email: "finance@demo.test" });
  });
});
