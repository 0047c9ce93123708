import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { EmployeeOverview } from "@/lib/overview/load-overview";
import { EmployeeOverviewSection } from "./employee-overview";

const empty: EmployeeOverview = { cards: [], spendThisMonth: [], spendHref: "/transactions", recentTransactions: [], openRequests: [] };
const render = (teamIds: string[]) => renderToStaticMarkup(createElement(EmployeeOverviewSection, { data: empty, viewer: { id: "u-1", roles: ["employee"], teamIds } }));

describe("an employee's overview without cards", () => {
  it("offers to ask for one to a person in a team", () => {
    const html = render(["t-1"]);
    expect(html).toContain('href="/requests/new"');
    expect(html).toContain("Ask for one");
  });

  it("tells a person in no team why they cannot ask yet, instead of a link to a form that refuses them", () => {
    const html = render([]);
    expect(html).not.toContain('href="/requests/new"');
    expect(html.replace(/<[^>]+>/g, "")).toContain("You belong to no team, so there is nobody to approve a request: ask an administrator to add you to one.");
  });
});
