import type { ActionFailure } from "@/lib/actions/result";

const editedBy = (edited: readonly string[]) => ([field]: [string, unknown]) => edited.some((key) => field === key || field.startsWith(`${key}.`));

/**
 * The problems a submit found, less those of the fields edited since: a changed field is no longer what was refused,
 * and its message (and its line in the form's summary) should not stay on it until the next submit. A field's own
 * sub-keys (`tags.1`) go with it. Everything is checked again on the next submit.
 */
export function withoutEditedProblems(problems: Record<string, string>, edited: readonly string[]): Record<string, string> {
  return Object.fromEntries(Object.entries(problems).filter((entry) => !editedBy(edited)(entry)));
}

/** The server's answer to a submit, less the edited fields' problems; gone once it was only about fields, all edited. */
export function failureWithoutEdited(failure: ActionFailure | null, edited: readonly string[]): ActionFailure | null {
  if (!failure?.fields) return failure;
  const fields = withoutEditedProblems(failure.fields, edited);
  if (Object.keys(fields).length > 0) return { ...failure, fields };
  return failure.code === "invalid_input" ? null : { ...failure, fields: undefined };
}
