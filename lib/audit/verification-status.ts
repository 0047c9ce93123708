/** What the audit page shows of a verification run (plain JSON: the browser polls it). */
export type VerificationStatus = {
  id: string;
  kind: "incremental" | "full";
  status: "queued" | "running" | "intact" | "broken" | "failed";
  requestedAt: string;
  finishedAt: string | null;
  fromId: string | null;
  checkedRows: number;
  totalRows: number | null;
  rowCount: number | null;
  firstBadId: string | null;
  reason: string | null;
};

export function toVerificationStatus(row: {
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
}): VerificationStatus {
  return {
    id: row.id,
    kind: row.kind,
    status: row.status,
    requestedAt: row.requestedAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
    fromId: row.fromId?.toString() ?? null,
    checkedRows: row.checkedRows,
    totalRows: row.totalRows,
    rowCount: row.rowCount,
    firstBadId: row.firstBadId?.toString() ?? null,
    reason: row.reason,
  };
}
