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
            {/* "From is not a real date; …" names its filter itself: not "From: From is …". */}
            {issue.message.startsWith(`${issue.label} `) ? issue.message : `${issue.label}: ${issue.message}`}
          </li>
        ))}
      </ul>
    </Alert>
  );
}
