import { describe, expect, it } from "vitest";
import { safeRedirectPath } from "./safe-redirect";

describe("safeRedirectPath", () => {
  it("keeps a same-site path with its query", () => {
    expect(safeRedirectPath("/cards?status=active#top")).toBe("/cards?status=active#top");
    expect(safeRedirectPath("/audit/12")).toBe("/audit/12");
  });

  it.each([
    "/\t/evil.example",
    "/%09/evil.example".replace("%09", "\t"),
    "//evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "https://evil.example/",
    "javascript:alert(1)",
    "/\r\n/evil.example",
    "/cards\rSet-Cookie: x=1",
    "/\u0000",
    "",
  ])("sends %j home instead", (target) => {
    expect(safeRedirectPath(target)).toBe("/");
  });

  it("refuses a non-string (a repeated query parameter)", () => {
    expect(safeRedirectPath(["/cards", "//evil.example"])).toBe("/");
    expect(safeRedirectPath(undefined)).toBe("/");
  });
});
