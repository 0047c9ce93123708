import { ForbiddenPage } from "@/components/layout/forbidden-page";

/**
 * The card page's refusal ((item)/[id]/layout.tsx): the viewer's role includes cards, but not this one (card.view,
 * lib/auth/permissions.ts: its holder, a manager of its team, finance, auditors and administrators). It stands one
 * folder up, because a forbidden.tsx shows for refusals below its own folder's layout, never for that layout's; the
 * route group keeps it (and its chunk) off the list, the issue form and the products, which refuse by role
 * (app/forbidden.tsx). As the request page's ((dashboard)/requests/(item)/forbidden.tsx).
 */
export default function CardForbidden() {
  return (
    <ForbiddenPage advice="This card is not yours, and not on a team you manage. Only its holder, the managers of its team, finance, auditors and administrators can open it." />
  );
}
