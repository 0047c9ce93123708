import { z } from "zod";
import { getDb } from "@/db/client";
import { searchPeople } from "@/db/queries/people-search";
import { record } from "@/lib/audit/record";
import { getUsableUser } from "@/lib/auth/current-user";
import { currentRequestMeta } from "@/lib/auth/request-meta";
import { auditContextFor } from "@/lib/auth/session-user";
import { PICKER_PURPOSES, pickerScope } from "@/lib/people/picker-scope";
import { safeString } from "@/lib/validation/safe-text";

export const dynamic = "force-dynamic";

const NO_STORE = { "Cache-Control": "no-store" };
const querySchema = z.object({
  // A NUL reaches PostgreSQL as an encoding error: refused on its field, as every other query string is.
  q: safeString().pipe(z.string().trim().max(100, "Type at most 100 characters.")).default(""),
  purpose: z.enum(PICKER_PURPOSES, { message: "Purpose is filter, assign or member." }),
});

/** People matching typed text, for the person pickers: only whom the caller may pick for this purpose. */
export async function GET(request: Request): Promise<Response> {
  const user = await getUsableUser();
  if (!user) return Response.json({ error: "unauthenticated" }, { status: 401, headers: NO_STORE });
  const params = new URL(request.url).searchParams;
  const query = querySchema.safeParse({ q: params.get("q") ?? undefined, purpose: params.get("purpose") ?? undefined });
  if (!query.success) {
    const fields = Object.fromEntries(query.error.issues.map((issue) => [issue.path.join("."), issue.message]));
    return Response.json({ error: "invalid_query", fields }, { status: 400, headers: NO_STORE });
  }
  const scope = pickerScope(user, query.data.purpose);
  if (!scope) {
    await record(getDb(), auditContextFor(user, await currentRequestMeta()), { action: "permission.denied", outcome: "denied", summary: { route: "/api/people", purpose: query.data.purpose } });
    return Response.json({ error: "forbidden" }, { status: 403, headers: NO_STORE });
  }
  const people = await searchPeople(getDb(), { organizationId: user.organizationId, visibility: scope.visibility, activeOnly: scope.activeOnly, roles: scope.roles, q: query.data.q });
  return Response.json(
    {
      people: people.map(({ id, name, email, active, teamIds }) => (query.data.purpose === "filter" ? { id, name, email, active } : { id, name, email, active, teamIds })),
    },
    { headers: NO_STORE },
  );
}
