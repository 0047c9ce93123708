import { Alert } from "@/components/ui/alert";
import type { ActionFailure } from "@/lib/actions/result";
import { ClientProviderText } from "@/components/providers/client-provider-text";

/** The action's message; field messages are shown under their inputs, so only unmatched ones are listed here. */
export function ActionFailureAlert({ failure, shownFields = [] }: { failure: ActionFailure | null; shownFields?: readonly string[] }) {
  if (!failure) return null;
  const other = Object.entries(failure.fields ?? {}).filter(([key]) => !shownFields.includes(key));
  return (
    <Alert variant="destructive">
      <p>
        <ClientProviderText text={failure.message} />
      </p>
      {other.length > 0 ? (
        <ul className="mt-1 list-disc pl-5">
          {other.map(([key, message]) => (
            <li key={key}>
              <ClientProviderText text={message} />
            </li>
          ))}
        </ul>
      ) : null}
    </Alert>
  );
}
