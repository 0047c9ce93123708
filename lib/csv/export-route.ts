import type { NextRequest } from "next/server";
import { getDb, type Db } from "@/db/client";
import { getUsableUser } from "@/lib/auth/current-user";
import { metaFromHeaders } from "@/lib/auth/request-meta";
import { canOpenSection } from "@/lib/auth/sections";
import type { RequestMeta, SessionUser } from "@/lib/auth/session-user";
import { isBrowserNavigation } from "./browser-navigation";
import { exportHeadResponse } from "./export-lock";
import { EXPORT_SUBJECTS, exportPageAddress, ExportRefusal, isPageRefusal, refuseExport, type ExportSubject } from "./export-refusal";
import { withExportRefused } from "./export-refused-param";

type CsvExport = (db: Db, params: { user: SessionUser; meta: RequestMeta; searchParams: URLSearchParams; signal?: AbortSignal }) => Promise<Response>;

const noStore = { "Cache-Control": "no-store" };

/**
 * A refusal answered to a person who followed the Export link: back to the export's list with the same query and the
 * refusal's code, where the list says why, when it is one the list explains and the person may open the list. A
 * download that fails shows no text, so the refusal would go unread. Any other refusal keeps its status and plain
 * text, which the browser shows as the page: the list would only be a 403 or 404 page, and opening it would record a
 * second refusal. A signed-out browser signs in first and is then brought back to the list.
 */
function answerNavigation(subject: ExportSubject, user: SessionUser | null, searchParams: URLSearchParams, refusal: ExportRefusal): Response {
  const redirect = (location: string) => new Response(null, { status: 303, headers: { Location: location, ...noStore } });
  if (!user) return redirect(`/sign-in?${new URLSearchParams({ callbackUrl: exportPageAddress(subject, withExportRefused(searchParams)) })}`);
  if (isPageRefusal(refusal.code) && canOpenSection(user, EXPORT_SUBJECTS[subject].section)) {
    return redirect(exportPageAddress(subject, withExportRefused(searchParams, refusal.code)));
  }
  return refusal;
}

/**
 * The GET and HEAD of a CSV export route: same-site, signed in with no account step pending, then the export itself
 * (which checks the permission, takes the person's export lock and audits before the first byte). A refusal keeps its
 * status and text for scripts; a browser's navigation is answered as answerNavigation says.
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
      if (answer instanceof ExportRefusal && isBrowserNavigation(request.headers)) return answerNavigation(subject, user, request.nextUrl.searchParams, answer);
      return answer;
    },
    HEAD: (): Response => exportHeadResponse(),
  };
}
