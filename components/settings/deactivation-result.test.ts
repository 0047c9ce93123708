import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { DeactivationResult } from "./deactivation-result";

const render = (props: Parameters<typeof DeactivationResult>[0]) => renderToStaticMarkup(createElement(DeactivationResult, props));
const text = (html: string) => html.replace(/<[^>]+>/g, "");

describe("DeactivationResult", () => {
  it("names each request the deactivation withdrew, linked to it, beside the cards still held", () => {
    const html = render({
      name: "Eli Employee",
      openCards: [{ id: "c1", alias: "Eli – Travel", status: "active" }],
      withdrawnRequests: [
        { id: "r1", description: "Top-up of $20.00" },
        { id: "r2", description: "New card with $50.00" },
      ],
      notice: "Marketing now has no manager: finance approves in the manager's place the requests of its members until you name one (Settings → Teams).",
    });
    expect(text(html)).toContain("Eli Employee is deactivated and still holds 1 open card. Finance should reassign or freeze them:");
    expect(text(html)).toContain("2 requests by or for them were withdrawn, and stay withdrawn if they return:");
    expect(html).toContain('href="/requests/r1"');
    expect(html).toContain('href="/requests/r2"');
    expect(text(html)).toContain("New card with $50.00");
    expect(text(html)).toContain("Marketing now has no manager: finance approves in the manager&#x27;s place");
  });

  it("says nothing of requests when none was withdrawn, nor of teams when none was left without a manager", () => {
    const html = render({ name: "Eli Employee", openCards: [], withdrawnRequests: [], notice: null });
    expect(text(html)).toBe("Eli Employee is deactivated and holds no open cards.");
  });
});
