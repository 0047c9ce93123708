import { Alert } from "@/components/ui/alert";
import type { ActionFailure } from "@/lib/actions/result";
import { ClientProviderText } from "@/components/providers/client-provider-text";

/** A form whose checks could not be loaded before sending (lazy-loaded for the first-load budget): nothing was sent. */
export const CHECKS_NOT_LOADED = "The form could not be checked: Cardhub could not be reached. Nothing was sent; check your connection and try again.";

/** The summary above a form whose fields have problems, the same whether the browser or the server found them. */
export function fieldsNeedAttention(count: number): string {
  return `${count} ${count === 1 ? "field needs" : "fields need"} attention.`;
}

// The server's generic summary for field errors (lib/actions/guard.ts and the domain functions); it is told as a count.
const GENERIC_FIELDS_MESSAGE = "Some fields need attention.";

/** The action's message; field messages are shown under their inputs, so only unmatched ones are listed here. */
export function ActionFailureAlert({ failure, shownFields = [] }: { failure: ActionFailure | null; shownFields?: readonly string[] }) {
  if (!failure) return null;
  const fields = Object.entries(failure.fields ?? {});
  const other = fields.filter(([key]) => !shownFields.includes(key));
  // A message that only repeats what a shown field already says (a conflict told on its field) is told as a count too.
  const repeatsAField = fields.some(([key, text]) => shownFields.includes(key) && text === failure.message);
  const message = (failure.message === GENERIC_FIELDS_MESSAGE || repeatsAField) && fields.length > 0 ? fieldsNeedAttention(fields.length) : failure.message;
  return (
    <Alert variant="destructive">
      <p>
        <ClientProviderText text={message} />
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
