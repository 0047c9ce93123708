// An authenticator secret that does not decrypt under the ENCRYPTION_KEY in force (a process started with the wrong
// key, an enrolment written with the old key during a rotation): the recovery codes, argon2 hashes that need no key,
// are what such a person signs in with, and an authenticator code is simply no match.
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { activateTotpSecret, replaceRecoveryCodes } from "@/db/queries/two-factor";
import { recoveryCodes } from "@/db/schema/user-credentials";
import { authenticate } from "@/lib/auth/authenticate";
import { encryptString } from "@/lib/crypto";
import { withTestDatabase } from "@/test/database";
import { seedOfflineDemo } from "@/test/offline-demo";
import { sessionUserFor, TEST_META } from "@/test/session-user";
import { generateRecoveryCodes } from "./recovery-codes";
import { currentTotpCode } from "./totp";
import { verifySecondFactor } from "./verify-second-factor";

const OTHER_KEY = "ff".repeat(32); // not the ENCRYPTION_KEY the process runs with
const TOTP_SECRET = "JBSWY3DPEHPK3PXP";
const database = withTestDatabase();
const db = () => database.db();
let codes: string[] = [];
let userId = "";
let encrypted = "";

beforeAll(async () => {
  await seedOfflineDemo(db());
  userId = (await sessionUserFor(db(), "auditor@demo.test")).id;
  encrypted = encryptString(TOTP_SECRET, OTHER_KEY);
  await activateTotpSecret(db(), { userId, encrypted, step: 0 });
  const generated = await generateRecoveryCodes();
  codes = generated.codes;
  await replaceRecoveryCodes(db(), { userId, hashes: generated.hashes });
});

describe("a second factor whose authenticator secret does not decrypt", () => {
  it("takes a valid recovery code, once, and answers an authenticator code with no match, logging no secret", async () => {
    const logged: string[] = [];
    const spies = (["log", "info", "warn", "error"] as const).map((level) =>
      vi.spyOn(console, level).mockImplementation((...args: unknown[]) => void logged.push(args.map(String).join(" "))),
    );
    try {
      expect(await verifySecondFactor(db(), userId, codes[0]!)).toBe("recovery_code");
      expect(await verifySecondFactor(db(), userId, codes[0]!)).toBeNull();
      expect(await verifySecondFactor(db(), userId, currentTotpCode(TOTP_SECRET))).toBeNull();
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
    expect(logged.join("\n")).toContain(userId);
    for (const secret of [TOTP_SECRET, encrypted, OTHER_KEY, process.env.ENCRYPTION_KEY!]) expect(logged.join("\n")).not.toContain(secret);
    const spent = await db().select().from(recoveryCodes).where(eq(recoveryCodes.userId, userId));
    expect(spent.filter((row) => row.usedAt !== null)).toHaveLength(1);
  });

  it("signs the person in with password and a recovery code, and refuses an authenticator code as a wrong code", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    try {
      const signIn = (code: string) => authenticate(db(), { email: "auditor@demo.test", password: "demo-password", code, meta: TEST_META });
      expect(await signIn(currentTotpCode(TOTP_SECRET))).toMatchObject({ ok: false, reason: "invalid_code" });
      expect(await signIn(codes[1]!)).toMatchObject({ ok: true });
    } finally {
      warn.mockRestore();
    }
  });
});
