import { getDb } from "@/db/client";
import { getPollingUser } from "@/lib/auth/current-user";
import { overviewVersion } from "@/lib/overview/overview-version";

export const dynamic = "force-dynamic";

const NO_STORE = { "Cache-Control": "no-store" };

/** The overview's version (lib/overview/overview-version.ts): an open overview polls it to refresh itself. */
export async function GET(): Promise<Response> {
  const user = await getPollingUser();
  if (!user) return Response.json({ error: "unauthenticated" }, { status: 401, headers: NO_STORE });
  return Response.json({ version: await overviewVersion(getDb(), user) }, { headers: NO_STORE });
}
