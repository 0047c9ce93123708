/**
 * How much of a run a viewer may see. The chain is one for the whole installation, so its row counts, the row ids it
 * names and its reasons (which quote counts and row ids) measure every organisation's activity: "outcome" keeps only
 * the state and the times (lib/audit/verification-detail.ts decides, on the server).
 */
export type VerificationDetail = "counts" | "outcome";

type VerificationOutcome = {
  id: string;
  kind: "incremental" | "full";
  status: "queued" | "running" | "intact" | "broken" | "failed";
  requestedAt: string;
  finishedAt: string | null;
  /** The run walks (or walked) the chain from its first row, not only the rows added since the last check. */
  wholeChain: boolean;
};

/** What the audit page shows of a verification run (plain JSON: the browser polls it). */
export type VerificationStatus =
  | (VerificationOutcome & { detail: "outcome" })
  | (VerificationOutcome & {
      detail: "counts";
      fromId: string | null;
      checkedRows: number;
      totalRows: number | null;
      rowCount: number | null;
      firstBadId: string | null;
      reason: string | null;
    });

export function toVerificationStatus(
  row: {
    id: string;
    kind: VerificationStatus["kind"];
    status: VerificationStatus["status"];
    requestedAt: Date;
    finishedAt: Date | null;
    fromId: bigint | null;
    checkedRows: number;
    totalRows: number | null;
    rowCount: number | null;
    firstBadId: bigint | null;
    reason: string | null;
  },
  detail: VerificationDetail,
): VerificationStatus {
  const outcome: VerificationOutcome = {
    id: row.id,
    kind: row.kind,
    status: row.status,
    requestedAt: row.requestedAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
    wholeChain: row.kind === "full" || row.fromId === null,
  };
  if (detail === "outcome") return { ...outcome, detail };
  return {
    ...outcome,
    detail,
    fromId: row.fromId?.toString() ?? null,
    checkedRows: row.checkedRows,
    totalRows: row.totalRows,
    rowCount: row.rowCount,
    firstBadId: row.firstBadId?.toString() ?? null,
    reason: row.reason,
  };
}
