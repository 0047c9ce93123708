import { afterEach, describe, expect, it, vi } from "vitest";
import { answerWithin } from "./answer-within";

const after = <T>(ms: number, value: T) => new Promise<T>((resolve) => setTimeout(() => resolve(value), ms));

describe("answering within a wait", () => {
  afterEach(() => vi.restoreAllMocks());

  it("gives the work's result when it ends in time, and 'sending' when it does not, while the work goes on", async () => {
    expect(await answerWithin(after(5, "answered"), 200, "fast work")).toBe("answered");
    let ended = false;
    const slow = after(150, "late").then((value) => ((ended = true), value));
    expect(await answerWithin(slow, 20, "slow work")).toBe("sending");
    expect(ended).toBe(false);
    expect(await slow).toBe("late");
    // No wait given (an approved request's run): the work is waited out.
    expect(await answerWithin(after(60, "waited out"), undefined, "job work")).toBe("waited out");
  });

  it("logs a failure that comes after the answer, never leaving it unhandled", async () => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const failing = after(50, null).then(() => {
      throw new Error("provider went away");
    });
    expect(await answerWithin(failing, 10, "starting order-1")).toBe("sending");
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(logged).toHaveBeenCalledWith(expect.stringContaining("[orders] starting order-1 failed unexpectedly"));
    // A failure within the wait is the caller's, as it would be without one.
    await expect(answerWithin(Promise.reject(new Error("refused at once")), 100, "x")).rejects.toThrow("refused at once");
  });
});
