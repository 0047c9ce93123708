import { and, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { cardRequests } from "@/db/schema/requests";
import type { CardRequestRow } from "./requests";

type Submission = { organizationId: string; submissionId: string };

/** The request an organisation's submission id filed, if any (card_requests_org_submission_unique). */
export async function findRequestBySubmission(db: DbOrTx, params: Submission): Promise<CardRequestRow | null> {
  const [row] = await db
    .select()
    .from(cardRequests)
    .where(and(eq(cardRequests.organizationId, params.organizationId), eq(cardRequests.submissionId, params.submissionId)))
    .limit(1);
  return row ?? null;
}

/**
 * Serialises, until the transaction ends, the filings sent under one submission id: the second waits for the first to
 * commit, then finds its request instead of running into the unique index.
 */
export async function lockRequestSubmission(db: DbOrTx, params: Submission): Promise<void> {
  await db.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`request-submission:${params.organizationId}:${params.submissionId}`}, 0))`);
}
