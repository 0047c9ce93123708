import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { ResponsiveList } from "./responsive-list";

type Row = { id: string; name: string; tags: string[] };

const rows: Row[] = [
  { id: "tagged", name: "Travel", tags: ["ops", "q4"] },
  { id: "untagged", name: "Meals", tags: [] },
];

const html = renderToStaticMarkup(
  createElement(ResponsiveList<Row>, {
    rows,
    caption: "Cards, 2 shown",
    rowKey: (row) => row.id,
    rowHref: (row) => `/cards/${row.id}`,
    columns: [{ id: "name", header: "Name", cell: (row) => row.name, sub: (row) => (row.tags.length > 0 ? row.tags.join(", ") : null), phone: "title" }],
  }),
);

const rowHtml = (id: string) => html.slice(html.indexOf(`data-row-id="${id}"`), html.indexOf("</tr>", html.indexOf(`data-row-id="${id}"`)));

describe("ResponsiveList's second line under a title", () => {
  it("shows the line where the row has one", () => {
    expect(rowHtml("tagged")).toContain(`<div class="text-muted-foreground truncate text-xs">ops, q4</div>`);
  });

  it("renders no empty element for a row without one (one element fewer per row of a 50-row page)", () => {
    expect(rowHtml("untagged")).toContain("Meals");
    expect(rowHtml("untagged")).not.toContain("truncate text-xs");
  });
});
