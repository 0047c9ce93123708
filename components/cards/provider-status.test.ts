import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { ProviderName } from "@/lib/providers/types";
import { ProviderStatus } from "./provider-status";

const text = (provider: ProviderName, status: string) => renderToStaticMarkup(createElement(ProviderStatus, { provider, status })).replace(/<[^>]+>/g, "");

describe("ProviderStatus", () => {
  it("does not repeat a provider's code that is the plain word itself, whatever its case", () => {
    expect(text("cardepass", "Active")).toBe("Active");
    expect(text("cardepass", "active")).toBe("Active");
    expect(text("nobepay", "ACTIVE")).toBe("Active");
    expect(text("nobepay", "EXPIRED")).toBe("Expired");
  });

  it("keeps the provider's code beside the words where it says something else, for comparing with its portal", () => {
    expect(text("cardopenapi", "2")).toBe("Active provider code (2)");
    expect(text("cardepass", "blocked")).toBe("Frozen provider code (blocked)");
    // NobePay spells it CANCELED: a different word, kept as NobePay writes it.
    expect(text("nobepay", "CANCELED")).toBe("Cancelled provider code (CANCELED)");
  });

  it("shows a code it has no words for as sent", () => {
    expect(text("nobepay", "SOMETHING_NEW")).toBe("SOMETHING_NEW");
  });
});
