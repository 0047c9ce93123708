/**
 * A Cardepass document version given when connecting (the form, or cardctl's --api-version, which calls
 * connectProviderAccount directly) is v1 or v2 in any capitals; anything else is refused on its field. The adapter reads
 * any other value as v1 (cardepassDocumentVersion), whose top-ups a v2 server refuses (review diff44a, finding 2).
 */
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { providerAccounts } from "@/db/schema/provider-accounts";
import { seedDemo } from "@/db/seed";
import type { AuditContext } from "@/lib/audit/record";
import { cardepassDocumentVersion } from "@/lib/providers/cardepass/cardepass-provider";
import { withTestDatabase } from "@/test/database";
import { sessionUserFor } from "@/test/session-user";
import { connectProviderAccount } from "./connect-account";

const database = withTestDatabase();
const db = () => database.db();
let organizationId = "";
let context: AuditContext;

beforeAll(async () => {
  await seedDemo(db(), { sandboxUrl: "http://127.0.0.1:9" });
  organizationId = (await sessionUserFor(db(), "admin@demo.test")).organizationId;
  context = { organizationId, actorUserId: null, actorEmail: "cli:test", actorRoles: ["operator"], ip: null, userAgent: "test" } as unknown as AuditContext;
});

const connect = (apiVersion: string) =>
  connectProviderAccount(db(), context, {
    organizationId,
    provider: "cardepass",
    label: `CLI ${apiVersion}`,
    baseUrl: `https://cardepass-${apiVersion.replace(/\W/g, "")}.example`,
    credentials: { clientId: `c-${apiVersion}`, clientSecret: "s" },
    settings: { apiVersion },
    check: false,
  });

describe("a Cardepass document version given to connectProviderAccount", () => {
  it("is stored as v1 or v2 whatever its capitals, and read so", async () => {
    const { id } = await connect(" V2 ");
    const [row] = await db().select().from(providerAccounts).where(eq(providerAccounts.id, id));
    expect(row!.settings.apiVersion).toBe("v2");
    expect(cardepassDocumentVersion({ settings: row!.settings })).toBe("v2");
  });

  it("is refused on its field when it is neither", async () => {
    for (const version of ["v3", "2", "latest"]) {
      await expect(connect(version)).rejects.toMatchObject({ code: "invalid_input", fields: { apiVersion: "A Cardepass account follows document v1 or v2." } });
    }
    expect((await db().select().from(providerAccounts).where(eq(providerAccounts.label, "CLI v3"))).length).toBe(0);
  });
});
