import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it, vi } from "vitest";

vi.mock("next/navigation", async (original) => ({
  ...(await original<typeof import("next/navigation")>()),
  useRouter: () => ({ prefetch: () => undefined, push: () => undefined }),
}));

const { default: Forbidden } = await import("./forbidden");
const { default: InstallationAuditForbidden } = await import("./(dashboard)/audit/forbidden");
const audit = path.join(import.meta.dirname, "(dashboard)", "audit");

describe("the 403 page's advice", () => {
  it("sends someone refused a section of their organisation to an administrator", () => {
    expect(renderToStaticMarkup(createElement(Forbidden))).toContain("ask an administrator to change your roles");
  });

  it("says who grants the installation's own records, which no administrator can", () => {
    const html = renderToStaticMarkup(createElement(InstallationAuditForbidden));
    expect(html).not.toContain("ask an administrator");
    expect(html).toContain("the person who runs Cardhub&#x27;s database");
  });

  it("stands above the installation audit's check, and above no other refusal of the audit section", () => {
    // A forbidden.tsx shows for refusals below its folder's layout: the installation audit's layout is one.
    expect(existsSync(path.join(audit, "installation", "layout.tsx"))).toBe(true);
    // Any other layout or page below the audit section that could refuse would get this advice too: there is none.
    const layouts = readdirSync(audit, { recursive: true, encoding: "utf8" }).filter((name) => name.endsWith("layout.tsx") && name !== "layout.tsx");
    expect(layouts.sort()).toEqual(["[id]/layout.tsx", "installation/layout.tsx"]);
  });
});
