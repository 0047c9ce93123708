import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it, vi } from "vitest";
import type { FilterField } from "./filter-types";

vi.mock("next/navigation", async (original) => ({ ...(await original<typeof import("next/navigation")>()), useRouter: () => ({ push: () => undefined, replace: () => undefined }) }));
const { FilterBar } = await import("./filter-bar");

const fields: FilterField[] = [
  { name: "q", label: "Search", kind: "search" },
  { name: "status", label: "Status", kind: "select", anyLabel: "Any status", options: [{ value: "active", label: "Active" }] },
];
const render = (values: Record<string, string>) => renderToStaticMarkup(createElement(FilterBar, { path: "/cards", label: "Card filters", fields, values }));

describe("the filter bar at phone width", () => {
  it("offers the folded filters behind a Filters button that opens a dialog, loaded when first wanted", () => {
    const html = render({});
    expect(html).toMatch(/<button[^>]*aria-haspopup="dialog" aria-expanded="false"[^>]*>.*Filters<\/button>/);
    // Its sheet is not drawn (nor its code loaded) until the button is first wanted: the status select is the desktop row's only.
    expect(html).not.toContain("<dialog");
    expect(html.match(/<select /g)).toHaveLength(1);
  });

  it("says on the button how many folded filters are on", () => {
    expect(render({ status: "active" })).toMatch(/Filters<span [^>]*>1<span class="sr-only"> active<\/span><\/span><\/button>/);
  });
});
