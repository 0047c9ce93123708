import type { RequestListRow } from "@/db/queries/requests";
import { isStatusChangeRequest } from "@/db/schema/requests";
import type { ListDecision } from "@/lib/requests/list-decisions";
import { REQUEST_KIND_LABELS } from "./labels";
import { termsLowered } from "@/lib/requests/terms";
import { releasedText, termsText } from "./request-summary";

/** What a list row's Approve and Reject buttons and their dialog show: plain, serialisable text. */
export type RowDecisionView = {
  requestId: string;
  /** The step the viewer decides: the server refuses the decision once the request moved on. */
  step: number;
  /** Whether approving this step completes the approvals (the request is then carried out). */
  lastStep: boolean;
  /** What the buttons and the outcome call it: "top-up request for Eli – Travel". */
  name: string;
  /** What is decided, as the request page's details put it: kind, card, person, amount (money formatted), purpose, step. */
  facts: { label: string; value: string }[];
  /** Why it cannot be approved as it stands: only Reject is offered, with this reason. */
  approveBlockedBy: string | null;
  /** An unfreeze or activation moves no money: its Approve dialog has no cost to read. */
  movesMoney: boolean;
};

type Row = Pick<
  RequestListRow,
  | "id"
  | "kind"
  | "currency"
  | "requested"
  | "approved"
  | "cardAlias"
  | "requestedAlias"
  | "beneficiaryName"
  | "requesterName"
  | "requesterUserId"
  | "beneficiaryUserId"
  | "teamName"
  | "purpose"
>;

/** A new card by the name it asks for and its person, another request by its card: rows of one kind differ. */
export function decisionName(
  row: Pick<Row, "kind" | "cardAlias" | "requestedAlias" | "beneficiaryName">,
): string {
  const kind = REQUEST_KIND_LABELS[row.kind].toLowerCase();
  if (row.kind === "new_card")
    return `${kind} request${row.requestedAlias ? ` “${row.requestedAlias}”` : ""} for ${row.beneficiaryName}`;
  return `${kind} request for ${row.cardAlias ?? row.beneficiaryName}`;
}

export function listDecisionView(row: Row, decision: ListDecision): RowDecisionView {
  const lowered = termsLowered(row.requested, row.approved);
  const amount: RowDecisionView["facts"] = isStatusChangeRequest(row.kind)
    ? [
        {
          label: "Amount",
          value: `${releasedText({ policyAmount: decision.policyAmount, currency: row.currency, cardModel: decision.cardModel })} No money moves.`,
        },
      ]
    : [
        { label: lowered ? "Approved" : "Amount", value: termsText(row.approved, row.currency) },
        ...(lowered ? [{ label: "Asked", value: termsText(row.requested, row.currency) }] : []),
      ];
  return {
    requestId: row.id,
    step: decision.step,
    lastStep: decision.step + 1 >= decision.stepCount,
    name: decisionName(row),
    facts: [
      { label: "Request", value: REQUEST_KIND_LABELS[row.kind] },
      row.kind === "new_card"
        ? { label: "Card name", value: row.requestedAlias ?? "—" }
        : { label: "Card", value: row.cardAlias ?? "—" },
      { label: "For", value: `${row.beneficiaryName} (${row.teamName})` },
      ...(row.requesterUserId !== row.beneficiaryUserId
        ? [{ label: "Asked by", value: row.requesterName }]
        : []),
      ...amount,
      // Whole: the list cuts it short, and it is often what the decision turns on.
      { label: "Purpose", value: row.purpose },
      { label: "Step", value: `${decision.step + 1} of ${decision.stepCount}` },
    ],
    approveBlockedBy: decision.approveBlockedBy,
    movesMoney: !isStatusChangeRequest(row.kind),
  };
}

/**
 * The facts with the card as it stands (its balance, or its limits and use), read when the dialog opened: after what is
 * asked and before why, where the request page's details put "Card now".
 */
export function factsWithCardNow(facts: RowDecisionView["facts"], cardNow: string | null): RowDecisionView["facts"] {
  if (!cardNow) return facts;
  const purpose = facts.findIndex((fact) => fact.label === "Purpose");
  const at = purpose === -1 ? facts.length : purpose;
  return [...facts.slice(0, at), { label: "Card now", value: cardNow }, ...facts.slice(at)];
}
