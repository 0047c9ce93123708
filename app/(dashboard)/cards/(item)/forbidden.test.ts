import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { createElement, type ComponentType } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it, vi } from "vitest";
import { ROLE_GRANTS } from "@/lib/auth/permissions";

vi.mock("next/navigation", async (original) => ({
  ...(await original<typeof import("next/navigation")>()),
  useRouter: () => ({ prefetch: () => undefined, push: () => undefined }),
}));

const item = import.meta.dirname;
const cards = path.dirname(item);
const render = async (file: string) => renderToStaticMarkup(createElement((await import(path.join(item, file))).default as ComponentType)).replace(/&#x27;/g, "'");

describe("the card page's 403 page", () => {
  it("a card that is not the viewer's: says so, and sends nobody to an administrator for a role", async () => {
    const html = await render("forbidden.tsx");
    expect(html).toContain("This card is not yours, and not on a team you manage.");
    expect(html).not.toContain("ask an administrator to change your roles");
  });

  it("names exactly who may open a card, as the role table grants card.view", async () => {
    const html = await render("forbidden.tsx");
    expect(html).toContain("Only its holder, the managers of its team, finance, auditors and administrators can open it.");
    // Whom the sentence names: the holder ("own"), a manager of the card's team ("team"), and the roles that see every card.
    expect(Object.fromEntries(Object.entries(ROLE_GRANTS).map(([role, grants]) => [role, grants["card.view"] ?? []]))).toEqual({
      employee: ["own"],
      manager: ["own", "team"],
      finance: ["all"],
      auditor: ["all"],
      admin: ["all"],
    });
  });

  it("stands one folder above the card page's check (its layout), which a forbidden.tsx beside that layout would not catch", () => {
    // A forbidden.tsx shows for refusals below its folder's layout: (item)/[id]/layout.tsx refuses, one folder down.
    expect(existsSync(path.join(item, "[id]", "layout.tsx"))).toBe(true);
    const layouts = readdirSync(item, { recursive: true, encoding: "utf8" }).filter((name) => name.endsWith("layout.tsx"));
    expect(layouts).toEqual([path.join("[id]", "layout.tsx")]);
  });

  it("leaves the section's other pages, which refuse by role, to the app's 403 page (its advice to ask an administrator)", () => {
    // The route group keeps this page's wording (and its chunk) off the list, the issue form and the products.
    const forbiddenFiles = readdirSync(cards, { recursive: true, encoding: "utf8" }).filter((name) => path.basename(name) === "forbidden.tsx");
    expect(forbiddenFiles).toEqual([path.join("(item)", "forbidden.tsx")]);
  });
});
