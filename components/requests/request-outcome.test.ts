import { describe, expect, it } from "vitest";
import { outcomeNow } from "./request-outcome";

describe("an outcome said on the request page", () => {
  const carrying = { message: "You approved this request. Cardhub is carrying it out now.", holdsWhile: ["pending", "approved", "executing"] as const };

  it("is said while the request is in a status it holds for: before the page has refreshed, and while it is carried out", () => {
    expect(outcomeNow(carrying, "pending")).toBe(carrying.message);
    expect(outcomeNow(carrying, "executing")).toBe(carrying.message);
  });

  it("gives way, once the request has moved past them, to where it stands now, so the focused line is never empty", () => {
    expect(outcomeNow(carrying, "done")).toBe("This request is done: Cardhub has carried it out.");
    expect(outcomeNow(carrying, "failed")).toBe("Carrying out this request failed: the page says why.");
    const stepApproved = { message: "You approved this step. The request now waits for the next approval.", holdsWhile: ["pending"] as const };
    expect(outcomeNow(stepApproved, "rejected")).toBe("This request was rejected.");
  });

  it("says nothing when nothing was done", () => {
    expect(outcomeNow(null, "pending")).toBeNull();
  });
});
