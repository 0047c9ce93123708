import { count } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { providerAccounts } from "@/db/schema/provider-accounts";
import { users } from "@/db/schema/users";
import { findUserByEmail } from "@/db/queries/users";
import { verifyPassword } from "@/lib/auth/password";
import { decryptJson } from "@/lib/crypto";
import { withTestDatabase } from "@/test/database";
import { DEMO_PASSWORD, DEMO_USERS, isDatabaseEmpty, seedDemo } from "./seed";

const database = withTestDatabase();

describe("demo seed", () => {
  it("creates the demo organisation once, with argon2id passwords, teams and encrypted sandbox accounts", async () => {
    const db = database.db();
    expect(await isDatabaseEmpty(db)).toBe(true);
    expect(await seedDemo(db, { sandboxUrl: "http://127.0.0.1:4010" })).toEqual({ created: true });
    expect(await seedDemo(db, { sandboxUrl: "http://127.0.0.1:4010" })).toEqual({ created: false });

    const [userCount] = await db.select({ value: count() }).from(users);
    expect(userCount!.value).toBe(DEMO_USERS.length);

    const manager = await findUserByEmail(db, "MANAGER@demo.test");
    expect(manager?.roles).toEqual(["manager"]);
    expect(manager?.managedTeamIds).toHaveLength(1);
    expect(manager?.passwordHash.startsWith("$argon2id$")).toBe(true);
    expect(await verifyPassword(manager!.passwordHash, DEMO_PASSWORD)).toBe(true);
    expect(await verifyPassword(manager!.passwordHash, "wrong")).toBe(false);

    const employee = await findUserByEmail(db, "employee@demo.test");
    expect(employee?.teamIds).toEqual(manager?.managedTeamIds);
    const employee2 = await findUserByEmail(db, "employee2@demo.test");
    expect(employee2?.teamIds).not.toEqual(manager?.managedTeamIds);

    const accounts = await db.select().from(providerAccounts).orderBy(providerAccounts.provider);
    expect(accounts.map((account) => account.provider)).toEqual(["cardepass", "nobepay", "cardopenapi"]);
    const cardepass = accounts.find((account) => account.provider === "cardepass")!;
    expect(cardepass.credentialsEncrypted).not.toContain("sandbox-secret");
    expect(decryptJson(cardepass.credentialsEncrypted)).toEqual({ clientId: "sandbox-client", clientSecret: "sandbox-secret" });
  });

  it("refuses to run in production mode", async () => {
    const previous = process.env.NODE_ENV;
    Object.assign(process.env, { NODE_ENV: "production" });
    try {
      await expect(seedDemo(database.db(), { sandboxUrl: "http://127.0.0.1:4010" })).rejects.toThrow(/never runs in production/);
    } finally {
      Object.assign(process.env, { NODE_ENV: previous });
    }
  });
});
