import { ForbiddenPage } from "@/components/layout/forbidden-page";

/**
 * The request page's refusal ((item)/[id]/layout.tsx): the viewer's role includes requests, but not this one. It
 * stands one folder up, because a forbidden.tsx shows for refusals below its own folder's layout, never for that
 * layout's; the route group keeps it (and its chunk) off the list and the form, which refuse by role (app/forbidden.tsx).
 */
export default function RequestForbidden() {
  return (
    <ForbiddenPage advice="This request is not yours, and not from a team you manage. Only the person it is for, their team's managers, finance, auditors and administrators can open it." />
  );
}
