import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import RequestLoading from "./loading";

describe("the request page's loading outline", () => {
  it("has the page's one level-one heading, for whoever finds their way by headings while it loads", () => {
    const html = renderToStaticMarkup(createElement(RequestLoading));
    expect(html.match(/<h1[ >]/g) ?? []).toHaveLength(1);
    expect(html).toMatch(/<h1 class="sr-only">Request<\/h1>/);
  });
});
