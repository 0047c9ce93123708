import { describe, expect, it } from "vitest";
import { withPinnedSession } from "./pinned-session";

const options = (url: string) => new URL(url).searchParams.get("options");

describe("withPinnedSession", () => {
  it("adds search_path=public to the startup options, after any the URL already gives", () => {
    expect(options(withPinnedSession("postgres://app:secret@db:5432/cardhub"))).toBe("-c search_path=public");
    const given = withPinnedSession("postgres://app:secret@db:5432/cardhub?sslmode=require&options=-c%20statement_timeout%3D5000%20-c%20search_path%3Dpgboss");
    expect(options(given)).toBe("-c statement_timeout=5000 -c search_path=pgboss -c search_path=public");
    expect(new URL(given)).toMatchObject({ username: "app", password: "secret", host: "db:5432", pathname: "/cardhub" });
    expect(new URL(given).searchParams.get("sslmode")).toBe("require");
  });

  it("leaves a URL already pinned as it is", () => {
    const pinned = withPinnedSession("postgres://app@db/cardhub");
    expect(withPinnedSession(pinned)).toBe(pinned);
  });
});
