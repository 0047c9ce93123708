import type { ProviderName } from "@/lib/providers/types";
import { providerStatusLabel } from "./labels";

/**
 * The provider's status in plain words, with the provider's own code beside it for anyone comparing with its portal;
 * not when the code is those very words ("Active (Active)"), whatever its case.
 */
export function ProviderStatus({ provider, status }: { provider: ProviderName; status: string | null }) {
  if (!status) return null;
  const label = providerStatusLabel(provider, status);
  if (!label) return <span className="font-mono text-xs">{status}</span>;
  if (label.toLowerCase() === status.toLowerCase()) return <span>{label}</span>;
  return (
    <span>
      {label}{" "}
      <span className="text-muted-foreground font-mono text-xs">
        <span className="sr-only">provider code </span>({status})
      </span>
    </span>
  );
}
