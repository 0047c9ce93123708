import Link from "next/link";
import { unreadReviewPath } from "@/lib/provider-accounts/unread-transactions";

/** From an account's "could not be read" status to the list of those transactions, where they can be dismissed. */
export function UnreadReviewLink({ accountId, mayDismiss }: { accountId: string; mayDismiss: boolean }) {
  return (
    <Link href={unreadReviewPath(accountId)} className="font-medium underline underline-offset-4">
      {mayDismiss ? "Review or dismiss them" : "Review them"}
    </Link>
  );
}
