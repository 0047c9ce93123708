import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { createElement, type ComponentType, type ReactElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it, vi } from "vitest";
import { ROLES } from "@/db/schema/users";
import { canOpenSection, SECTIONS, type Section } from "@/lib/auth/sections";

const route = vi.hoisted(() => ({ pathname: "/" }));
vi.mock("next/navigation", async (original) => ({ ...(await original<typeof import("next/navigation")>()), usePathname: () => route.pathname }));

const dashboard = import.meta.dirname;

/** Page folders that need no loading or error state of their own, and why. */
const WITHOUT_STATES: Record<string, string> = {
  // Only a server the bench starts serves it (a 404 anywhere else): the bare layout, to measure against.
  "bench-baseline": "the benchmark's empty baseline page",
};

/**
 * Sections whose pages have no error state of their own, and why: a failure there shows app/global-error.tsx. None
 * now: a section's error.tsx is a chunk of about 1 KB gzipped in the first load of every route below it, which each
 * route's first-load budget (160 KB, scripts/bundle-size.ts) must leave room for.
 */
const WITHOUT_ERROR_STATE: Record<string, string> = {};
const sectionOf = (folder: string) => folder.split("/")[0]!;

/** Page folders with an error state but no loading outline, and why. */
const WITHOUT_LOADING: Record<string, string> = {
  // Its 403 and 404 depend on the query string (the account or card), which a layout cannot read: a loading
  // outline above the page would send the 200 before the page could refuse.
  "funding/statements": "answers 403 or 404 from its query string",
  "funding/unread": "answers 404 from its query string (the account)",
};

/** Every folder below the dashboard holding a page, relative to it ("cards/[id]", "(overview)"). */
function pageFolders(folder = ""): string[] {
  const entries = readdirSync(path.join(dashboard, folder), { withFileTypes: true });
  const own = entries.some((entry) => entry.isFile() && entry.name === "page.tsx") ? [folder] : [];
  return [...own, ...entries.filter((entry) => entry.isDirectory()).flatMap((entry) => pageFolders(path.posix.join(folder, entry.name)))];
}

/** The folder itself, then each one above it, up to (not including) the dashboard's own. */
function foldersUpFrom(folder: string): string[] {
  return folder === "." || folder === "" ? [] : [folder, ...foldersUpFrom(path.posix.dirname(folder))];
}

function layoutFolders(folder = ""): string[] {
  const entries = readdirSync(path.join(dashboard, folder), { withFileTypes: true });
  const own = folder !== "" && entries.some((entry) => entry.isFile() && entry.name === "layout.tsx") ? [folder] : [];
  return [...own, ...entries.filter((entry) => entry.isDirectory()).flatMap((entry) => layoutFolders(path.posix.join(folder, entry.name)))];
}

const pages = pageFolders().filter((folder) => !(folder in WITHOUT_STATES));
const has = (folder: string, file: string) => existsSync(path.join(dashboard, folder, file));

type ErrorBoundary = (props: { error: unknown; retry: () => void }) => ReactElement;
const errorBoundary = async (folder: string) => (await import(path.join(dashboard, folder, "error.tsx"))).default as ErrorBoundary;
const loadingOutline = async (folder: string) => (await import(path.join(dashboard, folder, "loading.tsx"))).default as ComponentType;

/**
 * What each page's error state says at one of its paths, and where it leads back to (a single card or event: its
 * list). The state is its section's boundary (one per section: each error.tsx is a chunk of its own in the first load
 * of every route below it), worded for the page by its path.
 */
const ERRORS: Record<string, { path: string; title: string; back?: { href: string; label: string } }> = {
  "(overview)": { path: "/", title: "The overview could not be loaded." },
  "audit/(list)": { path: "/audit", title: "The audit log could not be loaded." },
  "audit/[id]": { path: "/audit/42", title: "This audit event could not be loaded.", back: { href: "/audit", label: "Back to the audit log" } },
  "audit/installation": { path: "/audit/installation", title: "The installation audit could not be loaded." },
  "cards/(list)": { path: "/cards", title: "The cards could not be loaded." },
  "cards/(item)/[id]": { path: "/cards/0b8e2f6a-3c1d-4e5f-8a9b-0c1d2e3f4a5b", title: "This card could not be loaded.", back: { href: "/cards", label: "Back to cards" } },
  "cards/new": { path: "/cards/new", title: "The form to issue a card could not be loaded." },
  "cards/products": { path: "/cards/products", title: "The products could not be loaded." },
  "funding/(accounts)": { path: "/funding", title: "The funding balances could not be loaded." },
  "funding/statements": { path: "/funding/statements", title: "The statement could not be loaded." },
  "funding/unread": { path: "/funding/unread", title: "The unread transactions could not be loaded." },
  "requests/(list)": { path: "/requests", title: "The requests could not be loaded." },
  "requests/(item)/[id]": { path: "/requests/0b8e2f6a-3c1d-4e5f-8a9b-0c1d2e3f4a5b", title: "This request could not be loaded.", back: { href: "/requests", label: "Back to requests" } },
  "requests/new": { path: "/requests/new", title: "The request form could not be loaded." },
  settings: { path: "/settings", title: "The settings could not be loaded." },
  "settings/accounts": { path: "/settings/accounts", title: "The provider accounts could not be loaded." },
  "settings/people": { path: "/settings/people", title: "The people could not be loaded." },
  "settings/teams": { path: "/settings/teams", title: "The teams could not be loaded." },
  transactions: { path: "/transactions", title: "The transactions could not be loaded." },
};

/** The error state that stands for a page: the nearest error.tsx at or above its folder, below the dashboard's own. */
const nearestError = (folder: string) => foldersUpFrom(folder).find((candidate) => has(candidate, "error.tsx")) ?? null;

/** What each page's loading outline announces to a screen reader. */
const LOADING: Record<string, string> = {
  "(overview)": "Loading the overview…",
  "audit/(list)": "Loading audit events…",
  "audit/[id]": "Loading the audit event…",
  "audit/installation": "Loading installation audit events…",
  "cards/(list)": "Loading cards…",
  "cards/(item)/[id]": "Loading card…",
  "cards/new": "Loading the form to issue a card…",
  "cards/products": "Loading products…",
  "funding/(accounts)": "Loading funding balances…",
  "requests/(list)": "Loading requests…",
  "requests/(item)/[id]": "Loading the request…",
  "requests/new": "Loading the form…",
  settings: "Loading settings…",
  "settings/accounts": "Loading provider accounts…",
  "settings/people": "Loading people…",
  "settings/teams": "Loading teams…",
  transactions: "Loading transactions…",
};

function expectSaysWhatFailed(html: string, title: string, back?: { href: string; label: string }) {
  expect(html).toContain('role="alert"');
  expect(html).toContain(title);
  expect(html).toContain("Nothing was changed.");
  expect(html).toMatch(/<button[^>]*>Try again<\/button>/);
  expect(html).not.toContain("connection lost");
  if (back) expect(html).toContain(`<a class="text-sm underline underline-offset-4" href="${back.href}">${back.label}</a>`);
  else expect(html).not.toContain("<a ");
}

describe("every dashboard page's error and loading states", () => {
  it("is covered by an error state inside the dashboard, one per section", () => {
    const covered = pages.filter((folder) => !(sectionOf(folder) in WITHOUT_ERROR_STATE));
    expect(covered.filter((folder) => nearestError(folder) === null)).toEqual([]);
    expect(pages.filter((folder) => sectionOf(folder) in WITHOUT_ERROR_STATE && nearestError(folder) !== null)).toEqual([]);
    expect(Object.keys(ERRORS).sort()).toEqual(covered.sort());
    // A page-level boundary below a section's would only repeat it, at a chunk's cost in every first load below it.
    expect(pages.map(nearestError).filter((folder) => folder !== null && folder.includes("/"))).toEqual([]);
  });

  it("has a loading outline of its own, unless it must answer its 403 or 404 before anything streams", () => {
    expect(pages.filter((folder) => !(folder in WITHOUT_LOADING) && !has(folder, "loading.tsx"))).toEqual([]);
    // A loading.tsx stands for every page below it without its own: each page's nearest one must be its own, and a
    // page that decides its status itself must have none above it.
    const nearestLoading = (folder: string) => foldersUpFrom(folder).find((candidate) => has(candidate, "loading.tsx")) ?? null;
    expect(pages.filter((folder) => nearestLoading(folder) !== (folder in WITHOUT_LOADING ? null : folder))).toEqual([]);
    expect(Object.keys(LOADING).sort()).toEqual(pages.filter((folder) => !(folder in WITHOUT_LOADING)).sort());
  });

  it("decides a missing id's 404 in a layout above the loading outline of every page named by an id", () => {
    // A page's own notFound() comes after its loading outline streamed a 200 (checks-above-loading.integration.test.ts).
    const byId = pages.filter((folder) => /\[[^\]]+\]$/.test(folder));
    expect(byId.length).toBeGreaterThan(0);
    expect(byId.filter((folder) => has(folder, "loading.tsx") && !has(folder, "layout.tsx"))).toEqual([]);
    // A loading.tsx also wraps every folder below its own, layouts included: a list's outline belongs in a route group
    // beside its items' folder (cards/(list)), or it streams the 200 before an item's layout can answer 404.
    const loadingAbove = (folder: string) => foldersUpFrom(path.posix.dirname(folder)).filter((candidate) => has(candidate, "loading.tsx"));
    expect(layoutFolders().filter((folder) => loadingAbove(folder).length > 0)).toEqual([]);
  });

  it("catches a failing page layout in a folder above it, since an error.tsx never catches its own folder's layout", () => {
    // A section's layout (its permission check, on the session the dashboard's layout already read) is caught by
    // app/global-error.tsx; any layout deeper down needs an error state in a folder above it (its section's).
    const sections = layoutFolders().filter((folder) => !folder.includes("/"));
    expect(sections.sort()).toEqual(["audit", "cards", "funding", "settings"]);
    expect(existsSync(path.resolve(dashboard, "../global-error.tsx"))).toBe(true);
    expect(layoutFolders().filter((folder) => folder.includes("/") && !(sectionOf(folder) in WITHOUT_ERROR_STATE) && nearestError(path.posix.dirname(folder)) === null)).toEqual([]);
  });

  it.each(Object.entries(ERRORS))("%s says what could not be loaded, that nothing changed, and retries by asking the server again", async (folder, { path: pathname, title, back }) => {
    route.pathname = pathname;
    const ErrorState = await errorBoundary(nearestError(folder)!);
    const retry = vi.fn();
    expectSaysWhatFailed(renderToStaticMarkup(createElement(ErrorState, { error: new Error("connection lost"), retry })), title, back);
    const { props } = ErrorState({ error: new Error("connection lost"), retry }) as ReactElement<{ reset?: () => void; retry?: () => void }>;
    expect(props.reset ?? props.retry).toBe(retry);
  });

  it.each(Object.entries(LOADING))("%s shows an outline while it loads, announced to screen readers", async (folder, label) => {
    const html = renderToStaticMarkup(createElement(await loadingOutline(folder)));
    expect(html).toMatch(/^<div role="status" aria-live="polite"/);
    expect(html).toContain(`<span class="sr-only">${label}</span>`);
    expect(html).toContain("animate-pulse");
  });
});

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
    for (const folder of pageFolders()) {
      const checks = [...readFileSync(path.join(dashboard, folder, "page.tsx"), "utf8").matchAll(/\b(requirePermission|requireSection)\("([^"]+)"/g)]
        .filter(([, kind, name]) => !(kind === "requireSection" && (SECTIONS as readonly string[]).includes(name!) && openToEveryone(name as Section)))
        .map(([, kind, name]) => `${kind}("${name}"`);
      const chain = foldersUpFrom(folder);
      const loading = chain.findIndex((candidate) => has(candidate, "loading.tsx"));
      if (loading === -1) continue;
      const layouts = chain
        .slice(loading)
        .filter((candidate) => has(candidate, "layout.tsx"))
        .map((candidate) => readFileSync(path.join(dashboard, candidate, "layout.tsx"), "utf8"));
      for (const check of checks) if (!layouts.some((layout) => layout.includes(check))) missing.push(`${folder}/page.tsx: ${check})`);
    }
    expect(pageFolders().length).toBeGreaterThan(10);
    expect(missing).toEqual([]);
  });
});

describe("a section's error state for a path it does not name", () => {
  it.each([
    { section: "audit", back: { href: "/audit", label: "Back to the audit log" } },
    { section: "cards", back: { href: "/cards", label: "Back to cards" } },
    { section: "requests", back: { href: "/requests", label: "Back to requests" } },
  ])("$section: says the page could not be loaded, and links back to the list", async ({ section, back }) => {
    route.pathname = `/${section}/some/deeper/page`;
    const ErrorState = await errorBoundary(section);
    expectSaysWhatFailed(renderToStaticMarkup(createElement(ErrorState, { error: new Error("connection lost"), retry: () => undefined })), "This page could not be loaded.", back);
  });

  it.each(["funding", "settings"])("%s: says the page could not be loaded; its section's tabs or menu lead on", async (section) => {
    route.pathname = `/${section}/some/deeper/page`;
    const ErrorState = await errorBoundary(section);
    expectSaysWhatFailed(renderToStaticMarkup(createElement(ErrorState, { error: new Error("connection lost"), retry: () => undefined })), "This page could not be loaded.");
  });
});
