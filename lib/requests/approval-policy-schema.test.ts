import { describe, expect, it } from "vitest";
import { thresholdAmountMinor } from "@/lib/settings/threshold-amount";
import { approvalPolicySchema } from "./schemas";

const thresholdProblem = (threshold: string) => {
  const parsed = approvalPolicySchema.safeParse({ kind: "top_up", currency: "USD", threshold });
  return parsed.success ? null : parsed.error.issues.filter((issue) => issue.path.join(".") === "threshold").map((issue) => issue.message);
};

describe("an approval threshold as typed", () => {
  it("says to leave out thousands separators, as every other amount field does", () => {
    expect(thresholdProblem("1,500")).toEqual(["Leave out the thousands separators: 1500."]);
    expect(thresholdProblem(" 12,500.50 ")).toEqual(["Leave out the thousands separators: 12500.50."]);
    // The low-balance threshold beside it on Settings words it the same.
    expect(thresholdAmountMinor("1,500", "USD")).toEqual({ problem: "Leave out the thousands separators: 1500." });
  });

  it("keeps the general message for what is not a plain amount, and takes plain ones and zero", () => {
    for (const typed of ["1,50", "1.500,00", "-5", "5e2", "$100", ""]) expect(thresholdProblem(typed), typed).toEqual(["Enter an amount such as 1000 or 1000.00, without a currency sign."]);
    // Too long is said as too large, as on every other amount field.
    expect(thresholdProblem("99999999999999")).toEqual(["That amount is too large: at most 12 digits before the decimal point."]);
    for (const typed of ["1500", "1500.00", "0"]) expect(thresholdProblem(typed), typed).toBeNull();
  });
});
