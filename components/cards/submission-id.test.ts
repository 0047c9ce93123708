import { afterEach, describe, expect, it, vi } from "vitest";
import { uuidSchema } from "@/lib/validation/uuid";
import { newSubmissionId, outcomeUnknown } from "./submission-id";

const randomV4 = uuidSchema({ version: "v4" });

describe("newSubmissionId", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("makes ids the server accepts, also on a page served over plain HTTP (no crypto.randomUUID)", () => {
    expect(randomV4.safeParse(newSubmissionId()).success).toBe(true);
    const { getRandomValues } = crypto;
    vi.stubGlobal("crypto", { getRandomValues: getRandomValues.bind(crypto) });
    const ids = Array.from({ length: 50 }, () => newSubmissionId());
    for (const id of ids) expect(randomV4.safeParse(id)).toMatchObject({ success: true, data: id });
    expect(new Set(ids).size).toBe(50);
  });
});

describe("outcomeUnknown", () => {
  it("keeps the id only when the server failed midway", () => {
    expect(outcomeUnknown({ ok: false, error: { code: "internal", message: "Something went wrong on our side." } })).toBe(true);
    expect(outcomeUnknown({ ok: false, error: { code: "conflict", message: "Another change is in progress." } })).toBe(false);
    expect(outcomeUnknown({ ok: false, error: { code: "invalid_input", message: "Some fields need attention." } })).toBe(false);
    expect(outcomeUnknown({ ok: true, data: { orderId: "x" } })).toBe(false);
  });
});
