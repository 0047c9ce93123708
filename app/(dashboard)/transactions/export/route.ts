import type { NextRequest } from "next/server";
import { getDb } from "@/db/client";
import { getUsableUser } from "@/lib/auth/current-user";
import { metaFromHeaders } from "@/lib/auth/request-meta";
import { exportHeadResponse } from "@/lib/csv/export-lock";
import { exportTransactionsCsv } from "@/lib/transactions/export";

export const dynamic = "force-dynamic";

export async function GET(request: NextRequest): Promise<Response> {
  // A download link another site embeds must not make a signed-in user's browser export (and log an export).
  if (request.headers.get("sec-fetch-site") === "cross-site") {
    return new Response("Cross-site export requests are refused.", {
      status: 403,
      headers: { "Cache-Control": "no-store" },
    });
  }
  const user = await getUsableUser();
  if (!user)
    return new Response("Sign in to export transactions.", {
      status: 401,
      headers: { "Cache-Control": "no-store" },
    });
  return exportTransactionsCsv(getDb(), {
    user,
    meta: metaFromHeaders(request.headers),
    searchParams: request.nextUrl.searchParams,
    signal: request.signal,
  });
}

export function HEAD(): Response {
  return exportHeadResponse();
}
