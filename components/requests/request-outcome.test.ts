import { describe, expect, it } from "vitest";
import { outcomeNow } from "./request-outcome";

describe("an outcome said on the request page", () => {
  const carrying = { message: "You approved this request. Cardhub is carrying it out now.", holdsWhile: ["pending", "approved", "executing"] as const };

  it("is said while the request is in a status it holds for: before the page has refreshed, and while it is carried out", () => {
    expect(outcomeNow(carrying, "pending")).toBe(carrying.message);
    expect(outcomeNow(carrying, "executing")).toBe(carrying.message);
  });

  it("is no longer said once the request has moved past them", () => {
    expect(outcomeNow(carrying, "done")).toBeNull();
    expect(outcomeNow(carrying, "failed")).toBeNull();
  });

  it("says nothing when nothing was done", () => {
    expect(outcomeNow(null, "pending")).toBeNull();
  });
});
