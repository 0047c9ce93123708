import { afterEach, beforeEach, vi } from "vitest";
import { isDailyFullSlot, SCHEDULE_EVERY_MINUTES } from "@/lib/audit/run-verification";

/**
 * For the tests of the audit verification's ordinary schedule: the first slot of each UTC day (00:00 to 00:15) makes
 * every scheduled run full by the clock alone, so a suite run in that quarter hour would see a full run where the test
 * means the ordinary one. In that quarter hour only, the app's clock is moved to the slot's end (at most 15 minutes
 * ahead of the database's, whose clock alone judges a run's liveness) and keeps ticking; at any other time it is left
 * alone. Tests that set their own time (the slot itself) still do.
 */
export function outsideDailyFullSlot(): void {
  beforeEach(() => {
    const now = new Date();
    if (!isDailyFullSlot(now)) return;
    vi.useFakeTimers({ toFake: ["Date"], shouldAdvanceTime: true });
    vi.setSystemTime(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), 0, SCHEDULE_EVERY_MINUTES, 1)));
  });
  afterEach(() => {
    vi.useRealTimers();
  });
}
