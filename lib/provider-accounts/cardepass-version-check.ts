import { ActionError } from "@/lib/actions/result";
import { createProvider, type ProviderAccountConfig } from "@/lib/providers";
import { CardepassProvider, type CardepassDocumentVersion } from "@/lib/providers/cardepass/cardepass-provider";
import { TokenCache } from "@/lib/providers/token-cache";
import { typedCardepassVersion } from "./cardepass-version";
import { describeProviderFailure, failureFields } from "./describe-error";

/** The Cardepass document version typed (v1 or v2, in any capitals), undefined when blank; anything else is refused. */
export function typedVersionOrRefuse(text: string | undefined): CardepassDocumentVersion | undefined {
  const read = typedCardepassVersion(text);
  if ("problem" in read) throw new ActionError("invalid_input", "Some fields need attention.", { apiVersion: read.problem });
  return read.version;
}

/**
 * Money boundary: a Cardepass account's document decides what its top-ups write (v2: `amount` as a number, v1:
 * `topUpAmount` as text, and the provider refuses the other) and whether its cards offer a reveal. A changed version is
 * asked of the provider, as connecting does (detectDocumentVersion), and refused on its field when the server follows
 * the other document; so is the stored version of an account moved to another server (`asked: "kept"`). It asks with a
 * token cache of its own, as pingOrExplain does.
 */
export async function refuseVersionNotFollowed(
  config: ProviderAccountConfig,
  version: CardepassDocumentVersion,
  asked: "typed" | "kept" = "typed",
): Promise<void> {
  const provider = createProvider(config, { tokenCache: new TokenCache() });
  if (!(provider instanceof CardepassProvider)) return;
  let followed: CardepassDocumentVersion;
  try {
    followed = await provider.detectDocumentVersion();
  } catch (error) {
    throw new ActionError("provider_error", describeProviderFailure(error).message, failureFields(error, config.provider));
  }
  if (followed !== version) {
    const message =
      asked === "typed"
        ? `This account's server follows document ${followed}, not ${version}: Cardhub would send it requests it refuses. Enter ${followed}, or leave the field blank to keep the version stored.`
        : `The new server follows document ${followed}, not ${version} (the version stored): Cardhub would send it requests it refuses. Enter ${followed}.`;
    throw new ActionError("invalid_input", "Some fields need attention.", { apiVersion: message });
  }
}
