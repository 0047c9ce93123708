import { getDb } from "@/db/client";
import { getPollingUser } from "@/lib/auth/current-user";
import { can } from "@/lib/auth/permissions";
import { fundingPageVersion } from "@/lib/funding/funding-version";

export const dynamic = "force-dynamic";

const NO_STORE = { "Cache-Control": "no-store" };

/** /funding's version (lib/funding/funding-version.ts): an open page polls it to refresh itself. */
export async function GET(): Promise<Response> {
  const user = await getPollingUser();
  if (!user) return Response.json({ error: "unauthenticated" }, { status: 401, headers: NO_STORE });
  if (!can(user, "funding.view")) return Response.json({ error: "forbidden" }, { status: 403, headers: NO_STORE });
  return Response.json({ version: await fundingPageVersion(getDb(), user.organizationId) }, { headers: NO_STORE });
}
