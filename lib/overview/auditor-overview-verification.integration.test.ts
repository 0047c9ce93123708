import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { beforeAll, describe, expect, it } from "vitest";
import { AuditorOverviewSection } from "@/components/overview/auditor-overview";
import { requestVerification, runVerification, SCHEDULED_VERIFICATION_CONTEXT } from "@/lib/audit/run-verification";
import { seedDemoActors, type DemoActors } from "@/lib/audit/test-actors";
import type { SessionUser } from "@/lib/auth/session-user";
import { createOrganizationWithAdmin } from "@/lib/organizations/create-organization";
import { withTestDatabase } from "@/test/database";
import { loadAuditorOverview } from "./load-overview";

const database = withTestDatabase();
let actors: DemoActors;

async function fullRun(): Promise<void> {
  const { verification } = await requestVerification(database.db(), SCHEDULED_VERIFICATION_CONTEXT, { kind: "full", requestedByUserId: null });
  await runVerification(database.db(), verification.id, { key: process.env.AUDIT_HMAC_KEY!, anchorDir: null }, SCHEDULED_VERIFICATION_CONTEXT);
}

/** The overview's sentence about the chain, as text. */
async function verificationSentence(user: SessionUser): Promise<string> {
  const overview = (await loadAuditorOverview(database.db(), user, new Date()))!;
  const markup = renderToStaticMarkup(createElement(AuditorOverviewSection, { data: overview }));
  const sentence = markup.match(/<p[^>]*data-testid="chain-verification"[^>]*>([\s\S]*?)<\/p>/)?.[1] ?? "";
  return sentence.replace(/<[^>]+>/g, "").replace(/\s+/g, " ").trim();
}

beforeAll(async () => {
  actors = await seedDemoActors(database.db());
});

describe("the auditor overview's chain verification sentence", () => {
  it("counts the rows checked while the installation has one organisation", async () => {
    await fullRun();
    expect(await verificationSentence(actors.auditor)).toMatch(/: intact, [\d,]+ rows checked\.$/);
  });

  it("gives no count once there is a second organisation, except to an installation operator", async () => {
    await createOrganizationWithAdmin(database.db(), { actorEmail: "cli:operator", actorRoles: ["operator"], ip: null, userAgent: "vitest" }, {
      organizationName: "Other Co",
      adminEmail: "boss@other.test",
      adminName: "Other Boss",
      anotherOrganization: true,
    });
    await fullRun();
    const sentence = await verificationSentence(actors.auditor);
    expect(sentence).not.toMatch(/rows? checked/);
    expect(sentence).toMatch(/^Full verification \d{4}-\d\d-\d\d \d\d:\d\d UTC: intact\.$/);
    expect(await verificationSentence({ ...actors.auditor, systemOperator: true })).toMatch(/: intact, [\d,]+ rows checked\.$/);
  });
});
