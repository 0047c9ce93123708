import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it, vi } from "vitest";

const route = vi.hoisted(() => ({ pathname: "/" }));
vi.mock("next/navigation", async (original) => ({
  ...(await original<typeof import("next/navigation")>()),
  usePathname: () => route.pathname,
  useRouter: () => ({ prefetch: () => undefined, push: () => undefined }),
}));

const { default: Forbidden } = await import("./forbidden");

const pageFor = (pathname: string) => {
  route.pathname = pathname;
  return renderToStaticMarkup(createElement(Forbidden));
};

describe("the 403 page's advice", () => {
  it("sends someone refused a section of their organisation to an administrator", () => {
    for (const pathname of ["/settings", "/audit", "/cards/new", "/audit/installations"]) {
      expect(pageFor(pathname), pathname).toContain("ask an administrator to change your roles");
    }
  });

  it("says who grants the installation's own records, which no administrator can", () => {
    for (const pathname of ["/audit/installation", "/audit/installation/"]) {
      const html = pageFor(pathname);
      expect(html, pathname).not.toContain("ask an administrator");
      expect(html, pathname).toContain("the person who runs Cardhub&#x27;s database");
    }
  });
});
