import { randomUUID } from "node:crypto";
import { expect, test, type Page } from "./fixtures/test";
import { withE2eClient } from "./fixtures/cards-db";
import { DEMO_PASSWORD, storageStateFor } from "./fixtures/roles";
import { SignInPage } from "./pages/sign-in-page";

function collectCspViolations(page: Page): string[] {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy|Refused to (execute|load|apply)/i.test(message.text())) violations.push(message.text());
  });
  return violations;
}

async function lastAuditRow(where: string, params: unknown[]) {
  return withE2eClient(async (client) => {
    const result = await client.query(`select * from audit_log where ${where} order by id desc limit 1`, params);
    return result.rows[0] as Record<string, unknown> | undefined;
  });
}

test.describe("security headers", () => {
  test.use({ storageState: storageStateFor("finance") });

  test("every page carries a nonce CSP, runs without a violation, and the theme script still runs", async ({ page }) => {
    const violations = collectCspViolations(page);
    await page.addInitScript(() => localStorage.setItem("theme", "dark"));
    for (const path of ["/", "/cards", "/audit", "/transactions"]) {
      const response = await page.goto(path);
      const policy = response!.headers()["content-security-policy"] ?? "";
      expect(policy, path).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
      expect(policy, path).toContain("frame-ancestors 'none'");
      expect(response!.headers()["x-content-type-options"]).toBe("nosniff");
      await expect(page.locator("html")).toHaveClass(/dark/);
      await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
    }
    // Client-side navigation loads further chunks under the same policy.
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Cards" }).click();
    await expect(page).toHaveURL(/\/cards/);
    expect(violations).toEqual([]);
  });

  test("API and error responses carry the policy too, and HSTS is sent only over https", async ({ request }) => {
    const health = await request.get("/api/health");
    expect(health.headers()["content-security-policy"]).toContain("frame-ancestors 'none'");
    expect(health.headers()["strict-transport-security"]).toBeUndefined();
    // A client cannot claim https for itself: x-forwarded-proto is believed only from TRUSTED_PROXIES.
    const spoofed = await request.get("/api/health", { headers: { "x-forwarded-proto": "https" } });
    expect(spoofed.headers()["strict-transport-security"]).toBeUndefined();
  });
});

test.describe("records that do not exist", () => {
  test.use({ storageState: storageStateFor("auditor") });

  test("a missing card or audit event answers 404, not a 200 page", async ({ request }) => {
    expect((await request.get(`/cards/${randomUUID()}`)).status()).toBe(404);
    expect((await request.get("/audit/987654321")).status()).toBe(404);
    expect((await request.get("/audit/not-a-number")).status()).toBe(404);
  });
});

test.describe("signing in and out", () => {
  test("a tab or CR in callbackUrl never leaves the site", async ({ page }) => {
    for (const callbackUrl of ["%2F%09%2Fevil.example", "%2F%0D%0A%2Fevil.example", "%2F%5Cevil.example"]) {
      await page.context().clearCookies();
      const response = await page.goto(`/sign-in?callbackUrl=${callbackUrl}`);
      expect(response!.status()).toBe(200);
      await new SignInPage(page).signIn("manager2@demo.test", DEMO_PASSWORD);
      await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
      expect(new URL(page.url()).host).toBe(new URL(test.info().project.use.baseURL!).host);
    }
  });

  test("Auth.js's own sign-out revokes the server session: the replayed cookie opens nothing", async ({ browser, baseURL }) => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await new SignInPage(page).goto();
    await new SignInPage(page).signIn("manager2@demo.test", DEMO_PASSWORD);
    await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
    const saved = await context.cookies();

    const { csrfToken } = (await (await page.request.get("/api/auth/csrf")).json()) as { csrfToken: string };
    const signOut = await page.request.post("/api/auth/signout", { form: { csrfToken, callbackUrl: "/sign-in" }, maxRedirects: 0 });
    expect(signOut.status()).toBeLessThan(400);

    const replay = await browser.newContext();
    await replay.addCookies(saved.filter((cookie) => cookie.name.includes("authjs.session-token")));
    const replayPage = await replay.newPage();
    await replayPage.goto(`${baseURL}/cards`);
    await expect(replayPage).toHaveURL(/\/sign-in/);
    const ended = await lastAuditRow("action = 'auth.signed_out' and actor_email = $1", ["manager2@demo.test"]);
    expect(ended).toBeTruthy();
    await context.close();
    await replay.close();
  });

  test("a sign-in sent before the page's script has run posts the password, never puts it in the address", async ({ browser }) => {
    // Without JavaScript the form submits natively: as a GET it put "?password=…" in the address bar, the history
    // and the server's request log.
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto("/sign-in");
    await page.getByLabel("Email").fill("employee2@demo.test");
    await page.getByLabel("Password").fill("wrong-password");
    const submitted = page.waitForRequest((request) => (new URL(request.url()).pathname === "/sign-in" && request.method() === "POST") || request.url().includes("password="));
    await page.getByRole("button", { name: "Sign in" }).click();
    const request = await submitted;
    expect(request.method()).toBe("POST");
    expect(request.url()).not.toContain("password");
    await page.waitForLoadState();
    expect(page.url()).not.toContain("password");
    // Nothing signs in without the script; the sign-in page simply comes back.
    await expect(page.getByRole("heading", { name: "Sign in to Cardhub" })).toBeVisible();
    await context.close();
  });

  test("a spoofed X-Forwarded-For is not what the audit log records", async ({ browser }) => {
    const context = await browser.newContext({ extraHTTPHeaders: { "X-Forwarded-For": "6.6.6.6" } });
    const page = await context.newPage();
    await new SignInPage(page).goto();
    await new SignInPage(page).signIn("employee2@demo.test", "not-the-password");
    await expect(page.getByText("Incorrect email or password.")).toBeVisible();
    const row = await lastAuditRow("action = 'auth.sign_in_failed' and actor_email = $1", ["employee2@demo.test"]);
    expect(row?.ip).toBe("127.0.0.1");
    await context.close();
  });
});

test.describe("audit chain verification", () => {
  test.use({ storageState: storageStateFor("auditor") });

  test("an auditor queues a check and watches it finish on the audit page", async ({ page }) => {
    const violations = collectCspViolations(page);
    await page.goto("/audit");
    await page.getByRole("button", { name: "Full check" }).click();
    await expect(page.getByRole("status").getByText(/Chain intact: every row checked \([\d,]+ rows/)).toBeVisible({ timeout: 30_000 });
    await page.screenshot({ path: ".data/e2e/audit-verified.png", fullPage: false });
    expect(violations).toEqual([]);
  });
});

test.describe("audit chain verification for managers", () => {
  test.use({ storageState: storageStateFor("manager") });

  test("a manager sees no verify button and cannot read the run's status", async ({ page, request }) => {
    await page.goto("/audit");
    await expect(page.getByRole("heading", { name: "Audit" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Verify chain" })).toHaveCount(0);
    expect((await request.get("/audit/verification")).status()).toBe(403);
  });
});
