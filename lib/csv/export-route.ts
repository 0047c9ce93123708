import type { NextRequest } from "next/server";
import { getDb, type Db } from "@/db/client";
import { getUsableUser } from "@/lib/auth/current-user";
import { metaFromHeaders } from "@/lib/auth/request-meta";
import type { RequestMeta, SessionUser } from "@/lib/auth/session-user";
import { exportHeadResponse } from "./export-lock";

type CsvExport = (db: Db, params: { user: SessionUser; meta: RequestMeta; searchParams: URLSearchParams; signal?: AbortSignal }) => Promise<Response>;

const noStore = { "Cache-Control": "no-store" };

/**
 * The GET and HEAD of a CSV export route: same-site, signed in with no account step pending, then the export itself
 * (which checks the permission, takes the person's export lock and audits before the first byte).
 */
export function csvExportRoute(signInMessage: string, run: CsvExport) {
  return {
    GET: async (request: NextRequest): Promise<Response> => {
      // A download link another site embeds must not make a signed-in user's browser export (and log an export).
      if (request.headers.get("sec-fetch-site") === "cross-site") {
        return new Response("Cross-site export requests are refused.", { status: 403, headers: noStore });
      }
      const user = await getUsableUser();
      if (!user) return new Response(signInMessage, { status: 401, headers: noStore });
      return run(getDb(), { user, meta: metaFromHeaders(request.headers), searchParams: request.nextUrl.searchParams, signal: request.signal });
    },
    HEAD: (): Response => exportHeadResponse(),
  };
}
