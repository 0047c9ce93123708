import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { createElement, type ComponentType, type ReactElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it, vi } from "vitest";

const route = vi.hoisted(() => ({ params: {} as Record<string, string> }));
vi.mock("next/navigation", async (original) => ({ ...(await original<typeof import("next/navigation")>()), useParams: () => route.params }));

const dashboard = import.meta.dirname;

/** Page folders that need no loading or error state of their own, and why. */
const WITHOUT_STATES: Record<string, string> = {
  // Only a server the bench starts serves it (a 404 anywhere else): the bare layout, to measure against.
  "bench-baseline": "the benchmark's empty baseline page",
};

/** Page folders with an error state but no loading outline, and why. */
const WITHOUT_LOADING: Record<string, string> = {
  // Its 403 and 404 depend on the query string (the account or card), which a layout cannot read: a loading
  // outline above the page would send the 200 before the page could refuse.
  "funding/statements": "answers 403 or 404 from its query string",
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

/** What each page's error state says, and where it leads back to (a single card or event: its list). */
const ERRORS: Record<string, { title: string; back?: { href: string; label: string } }> = {
  "(overview)": { title: "The overview could not be loaded." },
  "audit/(list)": { title: "The audit log could not be loaded." },
  "audit/[id]": { title: "This audit event could not be loaded.", back: { href: "/audit", label: "Back to the audit log" } },
  "audit/installation": { title: "The installation audit could not be loaded." },
  "cards/(list)": { title: "The cards could not be loaded." },
  "cards/[id]": { title: "This card could not be loaded.", back: { href: "/cards", label: "Back to cards" } },
  "cards/new": { title: "The form to issue a card could not be loaded." },
  "cards/products": { title: "The products could not be loaded." },
  "funding/(accounts)": { title: "The funding balances could not be loaded." },
  "funding/statements": { title: "The statement could not be loaded." },
  requests: { title: "The requests could not be loaded." },
  "requests/[id]": { title: "This request could not be loaded.", back: { href: "/requests", label: "Back to requests" } },
  "requests/new": { title: "The request form could not be loaded." },
  settings: { title: "The settings could not be loaded." },
  "settings/accounts": { title: "The provider accounts could not be loaded." },
  "settings/people": { title: "The people could not be loaded." },
  "settings/teams": { title: "The teams could not be loaded." },
  transactions: { title: "The transactions could not be loaded." },
};

/** What each page's loading outline announces to a screen reader. */
const LOADING: Record<string, string> = {
  "(overview)": "Loading the overview…",
  "audit/(list)": "Loading audit events…",
  "audit/[id]": "Loading the audit event…",
  "audit/installation": "Loading installation audit events…",
  "cards/(list)": "Loading cards…",
  "cards/[id]": "Loading card…",
  "cards/new": "Loading the form to issue a card…",
  "cards/products": "Loading products…",
  "funding/(accounts)": "Loading funding balances…",
  requests: "Loading requests…",
  "requests/[id]": "Loading the request…",
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
  it("has an error state of its own, shown inside the dashboard", () => {
    expect(pages.filter((folder) => !has(folder, "error.tsx"))).toEqual([]);
    expect(Object.keys(ERRORS).sort()).toEqual([...pages].sort());
  });

  it("has a loading outline of its own, unless it must answer its 403 or 404 before anything streams", () => {
    expect(pages.filter((folder) => !(folder in WITHOUT_LOADING) && !has(folder, "loading.tsx"))).toEqual([]);
    // A loading.tsx stands for every page below it without its own: each page's nearest one must be its own, and a
    // page that decides its status itself must have none above it.
    const nearestLoading = (folder: string) => foldersUpFrom(folder).find((candidate) => has(candidate, "loading.tsx")) ?? null;
    expect(pages.filter((folder) => nearestLoading(folder) !== (folder in WITHOUT_LOADING ? null : folder))).toEqual([]);
    expect(Object.keys(LOADING).sort()).toEqual(pages.filter((folder) => !(folder in WITHOUT_LOADING)).sort());
  });

  it("catches a failing page layout one folder up, since an error.tsx never catches its own folder's layout", () => {
    // A section's layout (its permission check, on the session the dashboard's layout already read) is caught by
    // app/global-error.tsx; any layout deeper down needs an error state in the folder above it.
    const sections = layoutFolders().filter((folder) => !folder.includes("/"));
    expect(sections.sort()).toEqual(["audit", "cards", "funding", "settings"]);
    expect(existsSync(path.resolve(dashboard, "../global-error.tsx"))).toBe(true);
    expect(layoutFolders().filter((folder) => folder.includes("/") && !has(path.posix.dirname(folder), "error.tsx"))).toEqual([]);
  });

  it.each(Object.entries(ERRORS))("%s says what could not be loaded, that nothing changed, and retries by asking the server again", async (folder, { title, back }) => {
    const ErrorState = await errorBoundary(folder);
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

describe("the error state above a card page's or an audit event's layout", () => {
  it.each([
    { section: "cards", id: "0b8e2f6a-3c1d-4e5f-8a9b-0c1d2e3f4a5b", title: "This card could not be loaded.", back: { href: "/cards", label: "Back to cards" } },
    { section: "audit", id: "42", title: "This audit event could not be loaded.", back: { href: "/audit", label: "Back to the audit log" } },
  ])("$section: names the $section entry whose layout failed (it reads the entry), and links back to the list", async ({ section, id, title, back }) => {
    route.params = { id };
    const ErrorState = await errorBoundary(section);
    expectSaysWhatFailed(renderToStaticMarkup(createElement(ErrorState, { error: new Error("connection lost"), retry: () => undefined })), title, back);
  });

  it.each([
    { section: "cards", back: { href: "/cards", label: "Back to cards" } },
    { section: "audit", back: { href: "/audit", label: "Back to the audit log" } },
  ])("$section: any other page's failing check says the page could not be loaded", async ({ section, back }) => {
    route.params = {};
    const ErrorState = await errorBoundary(section);
    const retry = vi.fn();
    expectSaysWhatFailed(renderToStaticMarkup(createElement(ErrorState, { error: new Error("connection lost"), retry })), "This page could not be loaded.", back);
  });
});
