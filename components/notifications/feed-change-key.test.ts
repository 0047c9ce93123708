import { describe, expect, it } from "vitest";
import { feedChangeKey, type NotificationItem } from "./notification-types";

const item = (id: string, read = false): NotificationItem => ({ id, kind: "request.needs_you", title: "A request needs your approval", body: "", href: "/requests/1", createdAt: "2026-12-05T03:00:00.000Z", read });

describe("when the bell's poll has the page read again", () => {
  it("on a new notice, or on a change in what waits for the person", () => {
    const before = feedChangeKey({ waiting: 2, items: [item("b"), item("a")] });
    expect(feedChangeKey({ waiting: 2, items: [item("c"), item("b"), item("a")] })).not.toBe(before);
    expect(feedChangeKey({ waiting: 1, items: [item("b"), item("a")] })).not.toBe(before);
  });

  it("not when the person only read their notices", () => {
    expect(feedChangeKey({ waiting: 2, items: [item("b", true), item("a", true)] })).toBe(feedChangeKey({ waiting: 2, items: [item("b"), item("a")] }));
  });
});
