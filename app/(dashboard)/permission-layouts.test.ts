import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ROLES } from "@/db/schema/users";
import { canOpenSection, SECTIONS, type Section } from "@/lib/auth/sections";

const DASHBOARD = path.join(process.cwd(), "app", "(dashboard)");

function pages(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const file = path.join(dir, entry);
    return statSync(file).isDirectory() ? pages(file) : entry === "page.tsx" ? [file] : [];
  });
}

/** A section every role may open: a page of it can never answer 403, so a check inside the stream is harmless. */
function openToEveryone(section: Section): boolean {
  return ROLES.every((role) => canOpenSection({ id: "u", organizationId: "o", roles: [role], teamIds: [], managedTeamIds: [] }, section));
}

/**
 * A page under a loading.tsx starts streaming (and answers 200) before its own body runs: a permission check only in
 * the page turns a refusal into a 200 that shows the 403 page (an auditor's /requests/new did). The check must also sit
 * in a layout at or above the loading boundary, where the status is still decided.
 */
describe("permission checks of streamed pages", () => {
  it("repeat every page's permission check in a layout above its loading boundary", () => {
    const missing: string[] = [];
    for (const page of pages(DASHBOARD)) {
      const checks = [...readFileSync(page, "utf8").matchAll(/\b(requirePermission|requireSection)\("([^"]+)"/g)]
        .filter(([, kind, name]) => !(kind === "requireSection" && (SECTIONS as readonly string[]).includes(name!) && openToEveryone(name as Section)))
        .map(([, kind, name]) => `${kind}("${name}"`);
      const chain: string[] = [];
      for (let dir = path.dirname(page); dir !== DASHBOARD; dir = path.dirname(dir)) chain.push(dir);
      const loading = chain.findIndex((dir) => existsSync(path.join(dir, "loading.tsx")));
      if (loading === -1) continue;
      const layouts = chain
        .slice(loading)
        .filter((dir) => existsSync(path.join(dir, "layout.tsx")))
        .map((dir) => readFileSync(path.join(dir, "layout.tsx"), "utf8"));
      for (const check of checks) if (!layouts.some((layout) => layout.includes(check))) missing.push(`${path.relative(DASHBOARD, page)}: ${check})`);
    }
    expect(missing).toEqual([]);
  });

  it("finds the pages it checks", () => {
    expect(pages(DASHBOARD).length).toBeGreaterThan(10);
  });
});
