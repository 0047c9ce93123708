import { exportPageAddress, exportRefusedMessage, type ExportSubject } from "@/lib/csv/export-refusal";
import { DISMISS_ATTRIBUTE, withExportRefused } from "@/lib/csv/export-refused-param";
import { asSearchParams, type RawSearchParams } from "@/lib/lists/search-params";
import Link from "next/link";
import { Alert } from "@/components/ui/alert";
import { ExportRefusedNotice } from "./export-refused-notice";

/**
 * Why the CSV export did not start, above the list it belongs to: the export route sent the person's browser back here
 * with the refusal's code (lib/csv/export-route.ts). Dismissing it is the same page without the code.
 *
 * The notice is drawn even without a refusal, keyed by the page's query without the code: it drops the code from the
 * address once shown, so a refresh of the same list renders no message yet keeps the notice it holds, while another
 * filter or page starts a new one.
 */
export function ExportRefusedAlert({ subject, searchParams }: { subject: ExportSubject; searchParams: RawSearchParams }) {
  const page = withExportRefused(asSearchParams(searchParams));
  const message = exportRefusedMessage(subject, searchParams);
  return (
    <ExportRefusedNotice key={page.toString()}>
      {message ? (
        <Alert variant="destructive" className="flex flex-wrap items-start justify-between gap-x-4 gap-y-2">
          <div className="min-w-0">
            <p className="font-medium">The CSV export did not start.</p>
            <p>{message}</p>
          </div>
          {/* A link, so that dismissing works without JavaScript too: the same page without the refusal. */}
          <Link href={exportPageAddress(subject, page)} {...{ [DISMISS_ATTRIBUTE]: "" }} className="font-medium underline underline-offset-4">
            Dismiss
          </Link>
        </Alert>
      ) : null}
    </ExportRefusedNotice>
  );
}
