import Link from "next/link";
import { Alert } from "@/components/ui/alert";
import { EXPORT_SUBJECTS, exportRefusedMessage, withExportRefused, type ExportSubject } from "@/lib/csv/export-refusal";
import type { RawSearchParams } from "@/lib/lists/search-params";

function asSearchParams(raw: RawSearchParams): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(raw)) {
    for (const one of Array.isArray(value) ? value : value === undefined ? [] : [value]) params.append(key, one);
  }
  return params;
}

/**
 * Why the CSV export did not start, above the list it belongs to: the export route sent the person's browser back here
 * with the refusal's code (lib/csv/export-route.ts). Dismissing it is the same page without the code.
 */
export function ExportRefusedAlert({ subject, searchParams }: { subject: ExportSubject; searchParams: RawSearchParams }) {
  const message = exportRefusedMessage(subject, searchParams);
  if (!message) return null;
  const query = withExportRefused(asSearchParams(searchParams)).toString();
  return (
    <Alert variant="destructive" className="flex flex-wrap items-start justify-between gap-x-4 gap-y-2">
      <div className="min-w-0">
        <p className="font-medium">The CSV export did not start.</p>
        <p>{message}</p>
      </div>
      <Link href={`${EXPORT_SUBJECTS[subject].page}${query ? `?${query}` : ""}`} className="font-medium underline underline-offset-4">
        Dismiss
      </Link>
    </Alert>
  );
}
