import { and, asc, desc, eq, gt, sql } from "drizzle-orm";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { EventSentence } from "@/components/audit/event-sentence";
import { resolveAuditLabels } from "@/db/queries/audit-labels";
import { listProviderAccounts } from "@/db/queries/provider-accounts";
import { auditLog } from "@/db/schema/audit";
import { seedDemo } from "@/db/seed";
import type { SessionUser } from "@/lib/auth/session-user";
import { withTestDatabase } from "@/test/database";
import { sessionUserFor, TEST_META } from "@/test/session-user";

// Lets a test break the audit export after its first batch, as a lost database connection would.
const failing = vi.hoisted(() => ({ afterFirstBatch: false }));
vi.mock("@/db/queries/audit", async (importOriginal) => {
  const original = await importOriginal<typeof import("@/db/queries/audit")>();
  return {
    ...original,
    iterateAuditEvents: async function* (...args: Parameters<typeof original.iterateAuditEvents>) {
      const fail = failing.afterFirstBatch;
      for await (const batch of original.iterateAuditEvents(...args)) {
        yield batch;
        if (fail) throw new Error("connection lost");
      }
    },
  };
});

const { exportAuditCsv } = await import("@/lib/audit/export");
const { exportStatementsCsv } = await import("@/lib/statements/export");
const { exportTransactionsCsv } = await import("@/lib/transactions/export");

const database = withTestDatabase();
const db = () => database.db();
let finance: SessionUser;
let auditor: SessionUser;
let accountId = "";

beforeAll(async () => {
  await seedDemo(db(), { sandboxUrl: "http://127.0.0.1:9" });
  finance = await sessionUserFor(db(), "finance@demo.test");
  auditor = await sessionUserFor(db(), "auditor@demo.test");
  accountId = (await listProviderAccounts(db()))[0]!.id;
});

const exportAudit = (user: SessionUser, signal?: AbortSignal) =>
  exportAuditCsv(db(), { user, meta: TEST_META, searchParams: new URLSearchParams(), signal });

/** Every kind of export the person could start next. */
const everyExport = (user: SessionUser): (() => Promise<Response>)[] => [
  () => exportAudit(user),
  () => exportTransactionsCsv(db(), { user, meta: TEST_META, searchParams: new URLSearchParams() }),
  () =>
    exportStatementsCsv(db(), {
      user,
      meta: TEST_META,
      searchParams: new URLSearchParams(`account=${accountId}`),
    }),
];

/** An audit export the client has begun to download and then stops reading: its stream stays open. */
async function openExport(user: SessionUser, signal?: AbortSignal) {
  const response = await exportAudit(user, signal);
  expect(response.status).toBe(200);
  const reader = response.body!.getReader();
  expect(new TextDecoder().decode((await reader.read()).value)).toMatch(/^id,occurred_at_utc,/);
  return reader;
}

/** All at once, as parallel downloads would ask. */
async function expectRefused() {
  for (const response of await Promise.all(everyExport(finance).map((start) => start()))) {
    expect(response.status).toBe(429);
    expect(await response.text()).toMatch(/^An export of yours is still running\./);
  }
}

/**
 * One after the other, each read to its end, each once the one before has let its lock go: the server does that once
 * it has written the stream's end, a moment after the client read it.
 */
async function expectAllowed() {
  for (const start of everyExport(finance)) {
    await expect.poll(lockConnections).toBe(0);
    const response = await start();
    expect(response.status).toBe(200);
    await response.text();
  }
}

async function drain(reader: ReadableStreamDefaultReader<Uint8Array>) {
  while (!(await reader.read()).done);
}

const lockConnections = async () =>
  Number(
    (
      await db().execute(
        sql`select count(*) as count from pg_stat_activity where datname = current_database() and application_name = 'cardhub-export-lock'`,
      )
    ).rows[0]!.count,
  );

describe("one running export per person", () => {
  it("refuses a second export while the first is still streaming, without recording it as an export, and lets others export", async () => {
    const first = await openExport(finance);
    const recorded = async () =>
      (
        await db()
          .select()
          .from(auditLog)
          .where(and(eq(auditLog.actorUserId, finance.id), sql`${auditLog.action} like '%.exported'`))
      ).length;
    const before = await recorded();
    await expectRefused();
    expect(await recorded()).toBe(before);

    const other = await exportAudit(auditor);
    expect(other.status).toBe(200);
    await other.text();

    await drain(first);
    await expectAllowed();
    await expect.poll(lockConnections).toBe(0);
  });

  it("records every refusal as a denied export.denied row saying which export was asked for, which the audit page puts in words", async () => {
    const first = await openExport(finance);
    try {
      const [newest] = await db().select({ id: auditLog.id }).from(auditLog).orderBy(desc(auditLog.id)).limit(1);
      await expectRefused();
      const refusals = await db().select().from(auditLog).where(gt(auditLog.id, newest!.id)).orderBy(asc(auditLog.id));
      expect(refusals.map((row) => ({ ...row, export: row.summary.export })).sort((a, b) => String(a.export).localeCompare(String(b.export)))).toMatchObject([
        { export: "audit", targetType: "audit_log", summary: { format: "csv", filters: {}, scope: "all", reason: "export_running" } },
        { export: "statements", targetType: "provider_account", targetId: accountId, summary: { format: "csv", reason: "export_running" } },
        { export: "transactions", targetType: "transactions", summary: { format: "csv", filters: {}, scope: "all", reason: "export_running" } },
      ]);
      for (const row of refusals) expect(row).toMatchObject({ action: "export.denied", outcome: "denied", actorUserId: finance.id, actorEmail: "finance@demo.test" });

      const labels = await resolveAuditLabels(db(), { viewer: finance, rows: refusals });
      const sentences = refusals.map((row) => renderToStaticMarkup(createElement(EventSentence, { event: row, labels })).replace(/<[^>]+>/g, ""));
      expect(sentences.sort()).toEqual([
        `${finance.name} was refused an export of a provider statement: another export of theirs was still running.`,
        `${finance.name} was refused an export of the audit log: another export of theirs was still running.`,
        `${finance.name} was refused an export of transactions: another export of theirs was still running.`,
      ]);
    } finally {
      await drain(first);
    }
    await expectAllowed();
    await expect.poll(lockConnections).toBe(0);
  });

  it("frees the way when the client cancels the download", async () => {
    const first = await openExport(finance);
    await expectRefused();
    await first.cancel();
    await expectAllowed();
    await expect.poll(lockConnections).toBe(0);
  });

  it("frees the way when the client goes away before the download starts", async () => {
    const abort = new AbortController();
    const response = await exportAudit(finance, abort.signal);
    expect(response.status).toBe(200);
    await expectRefused();
    abort.abort();
    await expect.poll(lockConnections).toBe(0);
    await expectAllowed();
  });

  it("frees the way when the export fails part-way", async () => {
    failing.afterFirstBatch = true;
    const errors = vi.spyOn(console, "error").mockImplementation(() => undefined);
    try {
      const first = await openExport(finance);
      failing.afterFirstBatch = false;
      await expectRefused();
      await expect(drain(first)).rejects.toThrow("The export stopped before the end.");
      expect(errors).toHaveBeenCalledWith("[audit] export failed:", "connection lost");
    } finally {
      failing.afterFirstBatch = false;
      errors.mockRestore();
    }
    await expectAllowed();
    await expect.poll(lockConnections).toBe(0);
  });
});
