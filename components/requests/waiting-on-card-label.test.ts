import { describe, expect, it } from "vitest";
import type { RequestStatus } from "@/db/schema/requests";
import { isWaitingOnCard } from "@/lib/requests/waiting-on-card";
import { statusText, WAITING_ON_CARD_LABEL } from "./labels";

const since = new Date("2026-12-04T03:00:00Z");
const label = (status: RequestStatus, cardBusySince: Date | null) => statusText(status, null, false, isWaitingOnCard({ status, cardBusySince }));

describe("the status of an approved request waiting for another change to its card", () => {
  it("reads 'Waiting for another change', not 'Executing', while the executor holds it with nothing sent", () => {
    expect(WAITING_ON_CARD_LABEL).toBe("Waiting for another change");
    expect(label("executing", since)).toBe("Waiting for another change");
    expect(label("approved", since)).toBe("Waiting for another change");
  });

  it("reads as before once it no longer waits (its order written clears card_busy_since) or has ended", () => {
    expect(label("executing", null)).toBe("Executing");
    expect(label("approved", null)).toBe("Approved");
    // An ended request keeps its own word even if the time it began waiting was left on it.
    expect(label("done", since)).toBe("Done");
    expect(label("failed", since)).toBe("Failed");
    expect(label("cancelled", since)).toBe("Cancelled");
    expect(statusText("pending", "finance", false, true)).toBe("Waiting for finance");
  });
});
