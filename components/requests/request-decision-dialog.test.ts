import { createElement, type ReactNode } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it, vi } from "vitest";
import { refusalIsFinal } from "./final-refusal";
import { listDecisionView } from "./list-decision-view";

// The dialog's text is what is checked: its frame renders inline (the native <dialog> is portalled to a <body> the
// server has not), and the actions behind its buttons, which need the server, are never called.
vi.mock("@/components/ui/dialog", () => {
  const inline = ({ children }: { children?: ReactNode }) => createElement("div", null, children);
  return { Dialog: inline, DialogTrigger: inline, DialogContent: inline, DialogHeader: inline, DialogFooter: inline, DialogTitle: inline, DialogDescription: inline };
});
vi.mock("next/navigation", () => ({ useRouter: () => ({ refresh: () => undefined }) }));
vi.mock("@/lib/actions/requests/approve-request", () => ({ approveRequestAction: async () => ({ ok: true, data: { status: "approved" } }) }));
vi.mock("@/lib/actions/requests/reject-request", () => ({ rejectRequestAction: async () => ({ ok: true, data: { status: "rejected" } }) }));
vi.mock("@/lib/actions/requests/load-approve-context-action", () => ({ loadApproveContextAction: async () => ({ ok: true, data: null }) }));

const { RequestDecisionDialog } = await import("./request-decision-dialog");

const row = {
  id: "r1",
  currency: "USD",
  requested: {},
  approved: {},
  cardAlias: "Eli – Travel",
  requestedAlias: null,
  beneficiaryName: "Eli Employee",
  beneficiaryUserId: "u1",
  requesterName: "Eli Employee",
  requesterUserId: "u1",
  teamName: "Operations",
  purpose: "Client visit",
};
const decision = { step: 0, stepCount: 1, approveBlockedBy: null, policyAmount: 10_000n, cardModel: "prepaid" as const };

const approveDialog = (view: ReturnType<typeof listDecisionView>) =>
  renderToStaticMarkup(createElement(RequestDecisionDialog, { view, decision: "approve", trigger: "Approve", triggerClassName: "", onSettled: () => undefined, defaultOpen: true }))
    .replace(/<[^>]+>/g, " ")
    .replace(/\s+/g, " ");

describe("the list's Approve dialog", () => {
  it("offers a lower amount on the request page only for a request that asks for one", () => {
    const topUp = approveDialog(listDecisionView({ ...row, kind: "top_up", requested: { amount: "4000" }, approved: { amount: "4000" } }, decision));
    expect(topUp).toContain("To approve a lower amount, or to read the timeline first, open the request .");
    for (const kind of ["unfreeze", "activate"] as const) {
      const said = approveDialog(listDecisionView({ ...row, kind }, decision));
      expect(said, kind).toContain("To read the timeline first, open the request .");
      expect(said, kind).not.toContain("lower amount");
    }
  });
});

describe("a refusal that sending the decision again cannot overturn", () => {
  it("the request moved on (cancelled, decided, withdrawn), the approver may not take the step, or it is gone: only Close", () => {
    for (const code of ["conflict", "forbidden", "not_found"] as const) expect(refusalIsFinal({ code, message: "Eli Employee cancelled this request: there is nothing to decide." }), code).toBe(true);
  });

  it("Cardhub not reached, or a field to correct: the dialog still offers the decision", () => {
    expect(refusalIsFinal(null)).toBe(false);
    for (const code of ["internal", "invalid_input", "rate_limited", "provider_error", "unauthenticated", "step_up_required"] as const) expect(refusalIsFinal({ code, message: "Try again." }), code).toBe(false);
  });
});
