import type { NextRequest } from "next/server";
import { getDb, type Db } from "@/db/client";
import { getUsableUser } from "@/lib/auth/current-user";
import { metaFromHeaders } from "@/lib/auth/request-meta";
import type { RequestMeta, SessionUser } from "@/lib/auth/session-user";
import { isBrowserNavigation } from "./browser-navigation";
import { exportHeadResponse } from "./export-lock";
import { EXPORT_SUBJECTS, ExportRefusal, refuseExport, withExportRefused, type ExportSubject } from "./export-refusal";

type CsvExport = (db: Db, params: { user: SessionUser; meta: RequestMeta; searchParams: URLSearchParams; signal?: AbortSignal }) => Promise<Response>;

const noStore = { "Cache-Control": "no-store" };

/**
 * A refusal answered to a person who followed the Export link: back to the export's page with the same query and the
 * refusal's code, where the page says why. A download that fails shows no text, so the refusal would go unread.
 */
function backToPage(subject: ExportSubject, searchParams: URLSearchParams, refusal: ExportRefusal): Response {
  const query = withExportRefused(searchParams, refusal.code).toString();
  return new Response(null, { status: 303, headers: { Location: `${EXPORT_SUBJECTS[subject].page}?${query}`, ...noStore } });
}

/**
 * The GET and HEAD of a CSV export route: same-site, signed in with no account step pending, then the export itself
 * (which checks the permission, takes the person's export lock and audits before the first byte). A refusal keeps its
 * status and text for scripts; a browser's navigation is sent back to the export's page instead.
 */
export function csvExportRoute(subject: ExportSubject, run: CsvExport) {
  return {
    GET: async (request: NextRequest): Promise<Response> => {
      // A download link another site embeds must not make a signed-in user's browser export (and log an export).
      if (request.headers.get("sec-fetch-site") === "cross-site") {
        return new Response("Cross-site export requests are refused.", { status: 403, headers: noStore });
      }
      const user = await getUsableUser();
      const answer = user
        ? await run(getDb(), { user, meta: metaFromHeaders(request.headers), searchParams: request.nextUrl.searchParams, signal: request.signal })
        : refuseExport(subject, "signed_out", 401);
      if (answer instanceof ExportRefusal && isBrowserNavigation(request.headers)) return backToPage(subject, request.nextUrl.searchParams, answer);
      return answer;
    },
    HEAD: (): Response => exportHeadResponse(),
  };
}
