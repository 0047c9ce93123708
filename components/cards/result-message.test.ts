import { describe, expect, it } from "vitest";
import { isCurrent, resultShown, type Message } from "./result-message";

const order = (type: NonNullable<Extract<Message, { kind: "order" }>["order"]["type"]>, statusAtStart: Message["statusAtStart"]): Message => ({ kind: "order", order: { id: "o1", type }, statusAtStart });

describe("the card page's current message", () => {
  it("stays while the card is as the action found it or as the action left it", () => {
    expect(isCurrent(order("freeze", "active"), "active")).toBe(true);
    expect(isCurrent(order("freeze", "active"), "frozen")).toBe(true);
    expect(isCurrent(order("cancel", "frozen"), "cancelled")).toBe(true);
  });

  it("goes once the card's state moves on: no “The card is frozen.” on a cancelled card", () => {
    expect(isCurrent(order("freeze", "active"), "cancelled")).toBe(false);
    expect(isCurrent(order("unfreeze", "frozen"), "cancelled")).toBe(false);
    expect(isCurrent(order("topup", "active"), "frozen")).toBe(false);
  });

  it("keeps a failure only while nothing has changed", () => {
    const failure: Message = { kind: "failure", failure: { code: "conflict", message: "Another change is in progress." }, statusAtStart: "active" };
    expect(isCurrent(failure, "active")).toBe(true);
    expect(isCurrent(failure, "frozen")).toBe(false);
  });

  it("is done once the card's own state shows the order's result, before the order's poll says so", () => {
    expect(resultShown(order("freeze", "active"), "frozen")).toBe(true);
    expect(resultShown(order("unfreeze", "frozen"), "active")).toBe(true);
    expect(resultShown(order("cancel", "active"), "cancelled")).toBe(true);
    expect(resultShown(order("activate", "inactive"), "active")).toBe(true);
  });

  it("is not done while the card is as the action found it, half way, or after an action that leaves the status as it was", () => {
    expect(resultShown(order("freeze", "active"), "active")).toBe(false);
    expect(resultShown(order("cancel", "active"), "cancelling")).toBe(false);
    expect(resultShown(order("topup", "active"), "active")).toBe(false);
    expect(resultShown(order("unfreeze", "active"), "active")).toBe(false);
    expect(resultShown({ kind: "failure", failure: { code: "conflict", message: "No." }, statusAtStart: "active" }, "frozen")).toBe(false);
  });
});

describe("a confirmation of a change that needs no provider order", () => {
  const done: Message = { kind: "done", text: "Alias and tags saved.", statusAtStart: "active" };

  it("stays while the card is as the change left it, and goes once its state moves on", () => {
    expect(isCurrent(done, "active")).toBe(true);
    expect(isCurrent(done, "frozen")).toBe(false);
    expect(resultShown(done, "frozen")).toBe(false);
  });
});
