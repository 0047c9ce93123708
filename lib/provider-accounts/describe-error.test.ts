import { describe, expect, it } from "vitest";
import { ProviderError } from "@/lib/providers/errors";
import { describeProviderFailure, failureFields } from "./describe-error";

describe("a connection test's failure in plain words", () => {
  it("does not send the administrator to the base URL when the provider's own server answered with an error", () => {
    const error = new ProviderError("unavailable", { provider: "cardopenapi", httpStatus: 502 });
    expect(describeProviderFailure(error)).toEqual({
      message: "The provider answered with a server error: the trouble is on its side, not in these settings. Try again in a few minutes.",
      providerDetail: "HTTP 502",
    });
    expect(failureFields(error, "cardopenapi")).toBeUndefined();
  });

  it("still points at the base URL when nothing answered", () => {
    const error = new ProviderError("unavailable", { provider: "nobepay" });
    expect(describeProviderFailure(error).message).toBe("The provider could not be reached (no answer, or none in time). Check the base URL and try again.");
    expect(Object.keys(failureFields(error, "nobepay") ?? {})).toEqual(["baseUrl"]);
  });
});
