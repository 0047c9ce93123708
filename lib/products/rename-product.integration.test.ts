import { randomBytes } from "node:crypto";
import { and, desc, eq, gt, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { findCardForView, listCards } from "@/db/queries/cards";
import { listProducts } from "@/db/queries/products";
import { resolveAuditLabels } from "@/db/queries/audit-labels";
import { auditLog } from "@/db/schema/audit";
import { cards } from "@/db/schema/cards";
import { organizations } from "@/db/schema/organizations";
import { products } from "@/db/schema/products";
import { providerAccounts } from "@/db/schema/provider-accounts";
import { storedWebhookSecret } from "@/lib/provider-accounts/webhook-secret";
import { seedDemo } from "@/db/seed";
import { describeEvent } from "@/components/audit/describe-event";
import type { Sentence } from "@/components/audit/sentence";
import { visibilityFor } from "@/lib/auth/permissions";
import type { SessionUser } from "@/lib/auth/session-user";
import { startSandbox, type RunningSandbox } from "@/sandbox/server";
import { withTestDatabase } from "@/test/database";
import { sessionUserFor, TEST_META } from "@/test/session-user";
import { offeredProducts } from "./offered-products";
import { productLabel, productLabelWithOriginal } from "./product-label";
import { refreshAllProducts } from "./refresh-products";

const session = vi.hoisted(() => ({ user: null as SessionUser | null }));
vi.mock("@/lib/auth/current-user", () => ({ getCurrentUser: async () => session.user }));
vi.mock("@/lib/auth/request-meta", () => ({ currentRequestMeta: async () => TEST_META }));

const { renameProductAction } = await import("@/lib/actions/products/rename-product");

const database = withTestDatabase();
const db = () => database.db();
let sandbox: RunningSandbox;
let admin: SessionUser;
let finance: SessionUser;
let manager: SessionUser;
let cardepassAccountId = "";
/** Cardepass's 通用卡 (DGG0C4JD), as the sandbox names it. */
let productId = "";
let otherOrgProductId = "";

const productRow = async (id: string) => (await db().select().from(products).where(eq(products.id, id)))[0]!;
/** The audit trail's last row before each test: each test reads only the rename rows it wrote. */
let auditBaseline: (typeof auditLog.$inferSelect)["id"];
const renamedRows = () =>
  db().select().from(auditLog).where(and(eq(auditLog.action, "product.renamed"), gt(auditLog.id, auditBaseline))).orderBy(desc(auditLog.id));
const sentenceText = (sentence: Sentence) => sentence.map((part) => (typeof part === "string" ? part : "text" in part ? part.text : "muted" in part ? part.muted : part.provider)).join("");

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, quiet: true });
  await seedDemo(db(), { sandboxUrl: sandbox.url });
  admin = await sessionUserFor(db(), "admin@demo.test");
  finance = await sessionUserFor(db(), "finance@demo.test");
  manager = await sessionUserFor(db(), "manager@demo.test");
  const account = (await db().select().from(providerAccounts).where(and(eq(providerAccounts.organizationId, admin.organizationId), eq(providerAccounts.provider, "cardepass"))))[0]!;
  cardepassAccountId = account.id;
  expect((await refreshAllProducts(db(), { accountId: cardepassAccountId })).failed).toEqual([]);
  const [product] = await db().select().from(products).where(and(eq(products.providerAccountId, cardepassAccountId), eq(products.providerProductId, "DGG0C4JD")));
  expect(product).toMatchObject({ name: "通用卡", displayName: null });
  productId = product!.id;

  const [otherOrg] = await db().insert(organizations).values({ name: "Other Company" }).returning();
  const [otherAccount] = await db()
    .insert(providerAccounts)
    .values({ organizationId: otherOrg!.id, provider: "cardepass", label: "Other", baseUrl: "http://127.0.0.1:1", credentialsEncrypted: "x", ...storedWebhookSecret(randomBytes(8).toString("hex")) })
    .returning();
  const [otherProduct] = await db()
    .insert(products)
    .values({ providerAccountId: otherAccount!.id, providerProductId: "DGG0C4JD", name: "通用卡", cardModels: ["sharebalance"], currencies: ["USD"] })
    .returning();
  otherOrgProductId = otherProduct!.id;
});

afterAll(async () => {
  await sandbox?.close();
});

beforeEach(async () => {
  await db().update(products).set({ displayName: null }).where(eq(products.id, productId));
  auditBaseline = (await db().select({ id: auditLog.id }).from(auditLog).orderBy(desc(auditLog.id)).limit(1))[0]?.id ?? 0n;
  session.user = admin;
});

describe("renaming a product", () => {
  it("refuses finance and a manager on the server, audits the refusal and renames nothing", async () => {
    for (const user of [finance, manager]) {
      session.user = user;
      expect(await renameProductAction({ productId, displayName: "General card" })).toMatchObject({ ok: false, error: { code: "forbidden" } });
      const [denial] = await db().select().from(auditLog).where(eq(auditLog.actorUserId, user.id)).orderBy(desc(auditLog.id)).limit(1);
      expect(denial).toMatchObject({ action: "permission.denied", outcome: "denied", summary: { permission: "admin.manage", reason: "role_not_allowed" } });
    }
    expect((await productRow(productId)).displayName).toBeNull();
    expect(await renamedRows()).toEqual([]);
  });

  it("answers another organisation's product as an unknown one, and names it in no audit row", async () => {
    expect(await renameProductAction({ productId: otherOrgProductId, displayName: "Mine now" })).toMatchObject({ ok: false, error: { code: "not_found" } });
    expect((await productRow(otherOrgProductId)).displayName).toBeNull();
    expect(await db().select().from(auditLog).where(eq(auditLog.targetId, otherOrgProductId))).toEqual([]);
    expect(await renameProductAction({ productId: "00000000-0000-4000-8000-000000000000", displayName: "Nothing" })).toMatchObject({ ok: false, error: { code: "not_found" } });
    expect(await renamedRows()).toEqual([]);
  });

  it("refuses a name over 80 characters on its field, after trimming, and the database refuses one too", async () => {
    const result = await renameProductAction({ productId, displayName: "x".repeat(81) });
    expect(result).toMatchObject({ ok: false, error: { code: "invalid_input", fields: { displayName: "Use at most 80 characters." } } });
    expect((await productRow(productId)).displayName).toBeNull();

    expect(await renameProductAction({ productId, displayName: `  ${"y".repeat(80)}  ` })).toMatchObject({ ok: true });
    expect((await productRow(productId)).displayName).toBe("y".repeat(80));

    // The migration's check holds whatever writes: no empty name, nothing longer than 80 characters.
    await expect(db().execute(sql`update products set display_name = ${"z".repeat(81)} where id = ${productId}`)).rejects.toThrow();
    await expect(db().execute(sql`update products set display_name = '' where id = ${productId}`)).rejects.toThrow();
  });

  it("trims the name, stores it, and writes the audit row with before and after, read as a sentence", async () => {
    expect(await renameProductAction({ productId, displayName: "  General card  " })).toEqual({ ok: true, data: { productId, name: "通用卡", displayName: "General card" } });
    expect(await productRow(productId)).toMatchObject({ name: "通用卡", displayName: "General card" });
    const [row, ...others] = await renamedRows();
    expect(others).toEqual([]);
    expect(row).toMatchObject({
      organizationId: admin.organizationId,
      actorUserId: admin.id,
      outcome: "success",
      targetType: "product",
      targetId: productId,
      summary: { name: "通用卡", providerProductId: "DGG0C4JD", before: { displayName: null }, after: { displayName: "General card" } },
    });
    const labels = await resolveAuditLabels(db(), { viewer: admin, rows: [row!] });
    expect(sentenceText(describeEvent(row!, labels))).toBe("Ada Admin renamed the product “通用卡” to “General card”.");

    // Saving the same name again changes and records nothing.
    expect(await renameProductAction({ productId, displayName: "General card" })).toMatchObject({ ok: true });
    expect(await renamedRows()).toHaveLength(1);
  });

  it("clears the name with an empty (or blank, or null) value: the provider's name shows again", async () => {
    for (const cleared of ["", "   ", null]) {
      expect(await renameProductAction({ productId, displayName: "General card" })).toMatchObject({ ok: true });
      expect(await renameProductAction({ productId, displayName: cleared })).toMatchObject({ ok: true, data: { displayName: null } });
      const stored = await productRow(productId);
      expect(stored.displayName).toBeNull();
      expect(productLabel(stored)).toBe("通用卡");
    }
    const [row] = await renamedRows();
    expect(row!.summary).toMatchObject({ before: { displayName: "General card" }, after: { displayName: null } });
    const labels = await resolveAuditLabels(db(), { viewer: admin, rows: [row!] });
    expect(sentenceText(describeEvent(row!, labels))).toBe("Ada Admin removed the display name of the product “General card” (the provider's “通用卡”); it shows the provider's name again.");
  });

  it("keeps the display name through a product refresh from the provider", async () => {
    expect(await renameProductAction({ productId, displayName: "General card" })).toMatchObject({ ok: true });
    const before = await productRow(productId);
    expect((await refreshAllProducts(db(), { accountId: cardepassAccountId })).failed).toEqual([]);
    const after = await productRow(productId);
    expect(after.refreshedAt.getTime()).toBeGreaterThan(before.refreshedAt.getTime());
    expect(after).toMatchObject({ name: "通用卡", displayName: "General card" });
  });
});

describe("the display name where products are named", () => {
  it("is what the cards list, the card page, the products list and the issue and request pickers read", async () => {
    expect(await renameProductAction({ productId, displayName: "General card" })).toMatchObject({ ok: true });
    const [card] = await db()
      .insert(cards)
      .values({ organizationId: admin.organizationId, providerAccountId: cardepassAccountId, productId, alias: "Renamed product card", cardModel: "standard", currency: "USD", status: "active" })
      .returning({ id: cards.id });

    const page = await listCards(db(), { organizationId: finance.organizationId, visibility: visibilityFor(finance, "card.view")!, filters: { q: "Renamed product card" }, sort: { field: "alias", direction: "asc" }, limit: 10 });
    expect(page.rows.map((row) => ({ alias: row.alias, productName: row.productName, productDisplayName: row.productDisplayName }))).toEqual([
      { alias: "Renamed product card", productName: "通用卡", productDisplayName: "General card" },
    ]);
    expect(productLabel({ name: page.rows[0]!.productName, displayName: page.rows[0]!.productDisplayName })).toBe("General card");

    const view = await findCardForView(db(), card!.id);
    expect(productLabelWithOriginal({ name: view!.productName, displayName: view!.productDisplayName })).toBe("General card · 通用卡");

    const listed = await listProducts(db(), { organizationId: finance.organizationId, accountId: cardepassAccountId });
    expect(listed.find((product) => product.id === productId)).toMatchObject({ name: "通用卡", displayName: "General card" });
    const offered = offeredProducts(listed, { viewer: finance }).find((product) => product.providerProductId === "DGG0C4JD");
    expect(offered).toMatchObject({ name: "通用卡", displayName: "General card" });
    expect(productLabel(offered!)).toBe("General card");
  });
});
