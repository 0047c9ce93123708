import { Alert } from "@/components/ui/alert";

/** The notice for query parameters a list's parse dropped (each with why), so a bad link never fails silently. */
export function IgnoredParamsAlert({ ignored }: { ignored: readonly { field: string; label: string; message: string }[] }) {
  if (ignored.length === 0) return null;
  return (
    <Alert>
      <p className="font-medium">Part of this link could not be used and was ignored:</p>
      <ul className="mt-1 list-disc pl-5">
        {ignored.map((issue) => (
          <li key={issue.field}>
            {issue.label}: {issue.message}
          </li>
        ))}
      </ul>
    </Alert>
  );
}
