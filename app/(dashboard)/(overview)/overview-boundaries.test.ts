import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { createElement, type ReactElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it, vi } from "vitest";
import GlobalError from "@/app/global-error";
import OverviewError from "./error";
import OverviewLoading from "./loading";

const dashboard = path.resolve(import.meta.dirname, "..");

describe("the overview's loading and error states", () => {
  it("belong to the overview alone: its route group holds its page and nothing else", () => {
    expect(readdirSync(import.meta.dirname).filter((name) => !name.endsWith(".test.ts")).sort()).toEqual(["error.tsx", "loading.tsx", "page.tsx"]);
    // A boundary at the dashboard's root would also stand for every nested route without its own (settings, funding…).
    expect(existsSync(path.join(dashboard, "loading.tsx"))).toBe(false);
    expect(existsSync(path.join(dashboard, "error.tsx"))).toBe(false);
    expect(existsSync(path.join(dashboard, "page.tsx"))).toBe(false);
  });

  it("shows the overview's outline while it loads, announced to screen readers", () => {
    const html = renderToStaticMarkup(createElement(OverviewLoading));
    expect(html).toMatch(/^<div role="status" aria-live="polite">/);
    expect(html).toContain("Loading the overview…");
    expect(html.match(/rounded-xl border/g)).toHaveLength(4);
  });

  it("says the overview failed, inside the dashboard, and retries by asking the server again", () => {
    const retry = vi.fn();
    const html = renderToStaticMarkup(createElement(OverviewError, { error: new Error("connection lost"), retry }));
    expect(html).toContain('role="alert"');
    expect(html).toContain("The overview could not be loaded.");
    expect(html).toContain("Try again");
    expect(html).not.toContain("connection lost");
    expect((OverviewError({ error: new Error("connection lost"), retry }) as ReactElement<{ reset: () => void }>).props.reset).toBe(retry);
  });
});

describe("the global error boundary", () => {
  it("renders a whole document of its own, with a way to try again and one back to the overview", () => {
    const html = renderToStaticMarkup(createElement(GlobalError, { error: new Error("root layout failed"), retry: () => undefined }));
    expect(html).toMatch(/^<html lang="en">/);
    expect(html).toContain("<title>Something went wrong · Cardhub</title>");
    expect(html).toContain('<body class="min-h-dvh"><main id="main"');
    expect(html).toContain("This page could not be loaded");
    expect(html).toMatch(/<button[^>]*>Try again<\/button>/);
    expect(html).toContain('<a href="/"');
    expect(html).not.toContain("root layout failed");
  });
});
