import { exportPageAddress, exportRefusedMessage, withExportRefused, type ExportSubject } from "@/lib/csv/export-refusal";
import type { RawSearchParams } from "@/lib/lists/search-params";
import { ExportRefusedNotice } from "./export-refused-notice";

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
 *
 * The notice is drawn even without a refusal, keyed by the page's query without the code: it drops the code from the
 * address once shown, so a refresh of the same list renders no message yet keeps the notice it holds, while another
 * filter or page starts a new one.
 */
export function ExportRefusedAlert({ subject, searchParams }: { subject: ExportSubject; searchParams: RawSearchParams }) {
  const page = withExportRefused(asSearchParams(searchParams));
  return <ExportRefusedNotice key={page.toString()} message={exportRefusedMessage(subject, searchParams)} dismissHref={exportPageAddress(subject, page)} />;
}
