import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { createElement, type ComponentType } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it, vi } from "vitest";

vi.mock("next/navigation", async (original) => ({
  ...(await original<typeof import("next/navigation")>()),
  useRouter: () => ({ prefetch: () => undefined, push: () => undefined }),
}));

const item = import.meta.dirname;
const requests = path.dirname(item);
const render = async (file: string) => renderToStaticMarkup(createElement((await import(path.join(item, file))).default as ComponentType)).replace(/&#x27;/g, "'");

describe("the request page's 403 page", () => {
  it("a request that is not the viewer's: says so, and sends nobody to an administrator for a role", async () => {
    const html = await render("forbidden.tsx");
    expect(html).toContain("This request is not yours, and not from a team you manage.");
    expect(html).not.toContain("ask an administrator to change your roles");
  });

  it("stands one folder above the request page's check (its layout), which a forbidden.tsx beside that layout would not catch", () => {
    // A forbidden.tsx shows for refusals below its folder's layout: (item)/[id]/layout.tsx refuses, one folder down.
    expect(existsSync(path.join(item, "[id]", "layout.tsx"))).toBe(true);
    const layouts = readdirSync(item, { recursive: true, encoding: "utf8" }).filter((name) => name.endsWith("layout.tsx"));
    expect(layouts).toEqual([path.join("[id]", "layout.tsx")]);
  });

  it("leaves the section's other pages, which refuse by role, to the app's 403 page (its advice to ask an administrator)", () => {
    // The route group keeps this page's wording (and its chunk) off the list and the form.
    const forbiddenFiles = readdirSync(requests, { recursive: true, encoding: "utf8" }).filter((name) => path.basename(name) === "forbidden.tsx");
    expect(forbiddenFiles).toEqual([path.join("(item)", "forbidden.tsx")]);
  });
});
