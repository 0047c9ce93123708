import type { SandboxTxn } from "../ledger";

/**
 * How card/transaction/list (and the deprecated card/trade/list) order a card's rows. nobepay.md states no order.
 *
 * "document" (the default) follows the examples literally. 查看卡片交易记录v2.0's one page ("pageNo": 4, "total": 33) is
 * by preAuthTime descending (1655368726000, 1655368710000, 1655368710000, 1655355169000, 1655348128000) with the REFUND
 * row, `"preAuthTime": null`, last although its `"transactionTime": 1655371389000` is the page's newest. Rows without
 * preAuthTime (refunds) therefore come after every row with one; among themselves (the example has one) the sandbox
 * lists them by their own time, newest first, so the newest refund is not at the list's very end either. The deprecated
 * list's example is by tradeAt ascending (1646306072727, 1646392472727, 1646392472727, 1646478872727).
 *
 * "newest-first": by the authorisation time (a refund's own time), newest first, on both lists: the order the sandbox
 * had before, for tests of code that must not depend on either.
 */
export const NOBEPAY_TRANSACTION_ORDERS = ["document", "newest-first"] as const;
export type NobepayTransactionOrder = (typeof NOBEPAY_TRANSACTION_ORDERS)[number];

export function isNobepayTransactionOrder(value: unknown): value is NobepayTransactionOrder {
  return typeof value === "string" && (NOBEPAY_TRANSACTION_ORDERS as readonly string[]).includes(value);
}

const newestFirst = (a: SandboxTxn, b: SandboxTxn) => b.authAt.getTime() - a.authAt.getTime() || b.seq - a.seq;

/** A refund has no preAuthTime on the v2 list (views.ts preAuth); its authAt is the refund's own time. */
const hasPreAuth = (txn: SandboxTxn) => txn.kind !== "refund";

function documentV2Order(a: SandboxTxn, b: SandboxTxn): number {
  if (hasPreAuth(a) !== hasPreAuth(b)) return hasPreAuth(a) ? -1 : 1;
  return newestFirst(a, b);
}

const oldestFirst = (a: SandboxTxn, b: SandboxTxn) => -newestFirst(a, b);

/** One card's rows in the order `list` answers them. */
export function orderTransactions(rows: readonly SandboxTxn[], list: "transaction" | "trade", order: NobepayTransactionOrder): SandboxTxn[] {
  if (order === "newest-first") return [...rows].sort(newestFirst);
  return [...rows].sort(list === "transaction" ? documentV2Order : oldestFirst);
}
