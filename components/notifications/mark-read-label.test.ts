import { describe, expect, it } from "vitest";
import { markReadLabel } from "./mark-read-label";

describe("markReadLabel", () => {
  it("says all when the menu lists every unread notice the badge counts", () => {
    expect(markReadLabel({ listedUnread: 3, unread: 3 })).toBe("Mark all read");
    expect(markReadLabel({ listedUnread: 20, unread: 20 })).toBe("Mark all read");
  });

  it("names how many it marks when more are unread than the menu lists", () => {
    expect(markReadLabel({ listedUnread: 20, unread: 25 })).toBe("Mark these 20 read");
    expect(markReadLabel({ listedUnread: 1, unread: 4 })).toBe("Mark this one read");
  });

  it("says all when the count polled beside the list is already lower than it", () => {
    expect(markReadLabel({ listedUnread: 5, unread: 4 })).toBe("Mark all read");
  });
});
