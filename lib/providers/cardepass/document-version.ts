import type { ProviderAccountConfig } from "@/lib/providers/types";

export type CardepassDocumentVersion = "v1" | "v2";

/** The account setting `apiVersion` names the document the account follows; anything but "v2" is v1. */
export const cardepassDocumentVersion = (config: Pick<ProviderAccountConfig, "settings">): CardepassDocumentVersion =>
  config.settings?.apiVersion === "v2" ? "v2" : "v1";
