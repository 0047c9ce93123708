import { createElement, type FunctionComponent } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import AuditLoading from "@/app/(dashboard)/audit/(list)/loading";
import CardLoading from "@/app/(dashboard)/cards/(item)/[id]/loading";
import CardsLoading from "@/app/(dashboard)/cards/(list)/loading";
import TransactionsLoading from "@/app/(dashboard)/transactions/loading";
import { auditListCaption } from "@/components/audit/audit-table";
import { EmptyState } from "@/components/layout/empty-state";
import { PageHeader } from "@/components/layout/page-header";
import { RouteError } from "@/components/layout/route-error";
import { ResponsiveList } from "@/components/lists/responsive-list";
import { renderedPageProblem } from "./rendered-page";

const html = <Props extends object>(component: FunctionComponent<Props>, props: Props) => renderToStaticMarkup(createElement(component, props));

/** A list as the pages render it (components/lists/responsive-list.tsx), under the caption the page gives it. */
const list = (caption: string) =>
  renderToStaticMarkup(createElement(ResponsiveList<{ id: string }>, { rows: [{ id: "row-1" }], columns: [{ id: "id", header: "Id", cell: (row) => row.id, phone: "title" }], rowKey: (row) => row.id, caption }));

/** A streamed page: the loading outline first, then the content React swaps in (or a failed boundary's mark). */
const streamed = (outline: string, rest: string) => `<!DOCTYPE html><html><body><main>${outline}</main>${rest}</body></html>`;
const FAILED_AFTER_SHELL = `<script>$RX=function(b,c,d,e,f){};$RX("B:0","1634567890")</script>`;

describe("the bench counts a page only when it was rendered in full", () => {
  const pages = [
    { path: "/cards", outline: html(CardsLoading, {}), content: [list("Cards, 25 shown"), html(EmptyState, { title: "No cards match these filters" })] },
    { path: "/transactions", outline: html(TransactionsLoading, {}), content: [list("Transactions, 50 shown, newest first"), html(EmptyState, { title: "No transactions match these filters" })] },
    { path: "/audit", outline: html(AuditLoading, {}), content: [list(auditListCaption(50)), html(EmptyState, { title: "No events match these filters" })] },
    { path: "/cards/0b5d1c3e-2f4a-4b6c-8d9e-0f1a2b3c4d5e", outline: html(CardLoading, {}), content: [`<h2 id="orders-heading" class="text-lg font-semibold">Provider requests</h2>`] },
    { path: "/bench-baseline", outline: "", content: [html(PageHeader, { title: "Empty page", description: "The benchmark's baseline: this layout, no data." })] },
  ];

  for (const { path, outline, content } of pages) {
    it(`${path}: accepts its content, and refuses its loading outline alone, a failed boundary and its error state`, () => {
      for (const shown of content) expect(renderedPageProblem(path, streamed(outline, shown))).toBeNull();
      expect(renderedPageProblem(path, streamed(outline, ""))).toMatch(/^the page lacks /);
      expect(renderedPageProblem(path, streamed(outline, `${content[0]}${FAILED_AFTER_SHELL}`))).toMatch(/failed on the server/);
      expect(renderedPageProblem(path, streamed(outline, `${content[0]}<template data-dgst="1634567890"></template>`))).toMatch(/failed on the server/);
      const error = html(RouteError, { title: "The transactions could not be loaded.", reset: () => undefined });
      expect(renderedPageProblem(path, streamed(outline, `${content[0]}${error}`))).toBe("the page shows its error state");
    });
  }

  it("reads a path with its query, and refuses a page it knows nothing to look for on", () => {
    expect(renderedPageProblem("/cards?status=frozen&sort=alias&dir=asc", list("Cards, 3 shown"))).toBeNull();
    expect(renderedPageProblem("/settings", "<h1>Settings</h1>")).toBe("the bench knows no content to expect on /settings");
  });
});
