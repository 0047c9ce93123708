import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { auditLabelsWithoutLookups, type AuditLabels } from "@/db/queries/audit-labels";
import { RECORDED_PERMISSIONS_OUTSIDE_ROLES, summaryMoney, type DescribableEvent } from "./describe-event";
import { EventSentence, TargetName } from "./event-sentence";
import { AUDIT_ACTIONS } from "@/lib/audit/actions";
import { actionFilterGroups, AUDIT_EVENTS } from "@/lib/audit/event-catalog";
import { PERMISSION_ACTIONS } from "@/lib/auth/permissions";

const CARD = "0b8f3d4e-1111-4222-8333-444455556666";
const FINANCE = "7c1d2e3f-aaaa-4bbb-8ccc-ddddeeeeffff";
const EMPLOYEE = "1a2b3c4d-aaaa-4bbb-8ccc-000011112222";
const ORDER = "5e48aa00-1234-4abc-8def-0123456789ab";
const NEW_CARD_REQUEST = "9d0e1f2a-3b4c-4d5e-8f60-718293a4b5c6";
const TOP_UP_REQUEST = "2c3d4e5f-6a7b-4c8d-9e0f-a1b2c3d4e5f6";
const ACTIVATION_REQUEST = "6b7c8d9e-0f1a-4b2c-8d3e-4f5a6b7c8d9e";
const TEAM = "4f5e6d7c-8b9a-4a0b-9c1d-2e3f4a5b6c7d";

/** The names resolveAuditLabels would look up for these rows. */
const names: Pick<AuditLabels, "cards" | "users" | "orderCards" | "requests" | "teams"> = {
  cards: new Map([[CARD, { alias: "Omar fuel" }]]),
  users: new Map([
    [FINANCE, { name: "Fran Finance", email: "finance@demo.test" }],
    [EMPLOYEE, { name: "Eli Employee", email: "employee@demo.test" }],
  ]),
  orderCards: new Map([[ORDER, CARD]]),
  requests: new Map([
    [NEW_CARD_REQUEST, { kind: "new_card", beneficiaryUserId: EMPLOYEE, beneficiaryName: "Eli Employee", currency: "USD", cardId: null, requestedAlias: "Software" }],
    [TOP_UP_REQUEST, { kind: "top_up", beneficiaryUserId: EMPLOYEE, beneficiaryName: "Eli Employee", currency: "EUR", cardId: CARD, requestedAlias: null }],
    [ACTIVATION_REQUEST, { kind: "activate", beneficiaryUserId: EMPLOYEE, beneficiaryName: "Eli Employee", currency: "USD", cardId: CARD, requestedAlias: null }],
  ]),
  teams: new Map([[TEAM, { name: "Marketing" }]]),
};

/** What resolveAuditLabels returns for one row: the looked-up names plus the labels that need no lookup. */
function labelsFor(value: DescribableEvent): AuditLabels {
  return { ...auditLabelsWithoutLookups([value]), ...names };
}

function event(action: string, summary: Record<string, unknown>, extra: Partial<DescribableEvent> = {}): DescribableEvent {
  return { action, outcome: "success", actorUserId: FINANCE, actorEmail: "finance@demo.test", targetType: "card", targetId: CARD, summary, ...extra };
}

function sentence(value: DescribableEvent, withLabels: AuditLabels = labelsFor(value)): string {
  return renderToStaticMarkup(createElement(EventSentence, { event: value, labels: withLabels }));
}

const text = (html: string) => html.replace(/<[^>]+>/g, "");

describe("audit events as sentences", () => {
  it("writes an issue with its money formatted, never minor units or machine keys", () => {
    const html = sentence(event("card.issued", { orderId: ORDER, type: "issue", amount: "2000", currency: "USD", fee: "130" }));
    expect(text(html)).toBe("Fran Finance issued Omar fuel with $20.00, fee $1.30.");
    expect(html).not.toMatch(/2000|orderId|type:/);
  });

  it("says an approved request's order was carried out by Cardhub, naming who approved it, not as that person's own act", () => {
    expect(text(sentence(event("card.issued", { orderId: ORDER, type: "issue", amount: "2000", currency: "USD", fee: "130", forRequest: NEW_CARD_REQUEST })))).toBe(
      "Cardhub, carrying out a request Fran Finance approved, issued Omar fuel with $20.00, fee $1.30.",
    );
    expect(text(sentence(event("card.unfrozen", { forRequest: TOP_UP_REQUEST })))).toBe("Cardhub, carrying out a request Fran Finance approved, unfroze Omar fuel.");
    expect(text(sentence(event("order.created", { orderId: ORDER, type: "topup", amount: "500", currency: "EUR", forRequest: TOP_UP_REQUEST })))).toBe(
      "Cardhub, carrying out a request Fran Finance approved, asked the provider to top up Omar fuel with €5.00.",
    );
  });

  it("links the card it names to the card page and the person to their activity", () => {
    const html = sentence(event("card.frozen", {}));
    expect(html).toContain(`href="/cards/${CARD}"`);
    expect(html).toContain('href="/audit?actor=finance%40demo.test"');
    expect(text(html)).toBe("Fran Finance froze Omar fuel.");
  });

  it("names the card of an order event through the order", () => {
    const completed = event("order.completed", { orderId: ORDER, type: "topup", amount: 2500, currency: "EUR" }, { targetType: "order", targetId: ORDER });
    expect(text(sentence(completed))).toBe("The provider finished the request to top up Omar fuel (€25.00).");
  });

  it("says what a failed top-up means for the money", () => {
    const failed = event("order.failed", { orderId: ORDER, type: "topup", amount: "500", currency: "USD", failureMessage: "Insufficient balance" });
    expect(text(sentence(failed))).toBe("The provider refused the request to top up Omar fuel: “Insufficient balance”; no money was taken.");
  });

  it("names whose session an administrator's action ended, and a person's own ended session as theirs", () => {
    const byAdmin = event("auth.session_revoked", { reason: "user_deactivated", userId: EMPLOYEE }, { targetType: "session", targetId: "s-1" });
    expect(text(sentence(byAdmin))).toBe("Fran Finance ended a session of Eli Employee (user deactivated).");
    const own = event("auth.session_revoked", { reason: "idle_timeout", userId: FINANCE }, { targetType: "session", targetId: "s-2" });
    expect(text(sentence(own))).toMatch(/^A session of Fran Finance was ended/);
  });

  it("writes a card's move out of a team as the old team's side of the reassignment, naming no destination", () => {
    expect(text(sentence(event("card.left_team", { fromTeamId: TEAM })))).toBe("Fran Finance reassigned Omar fuel out of team Marketing.");
    expect(text(sentence(event("card.left_team", { fromTeamId: TEAM, reason: "holder_changed_team", holderUserId: EMPLOYEE, holder: "employee@demo.test" })))).toBe(
      "Fran Finance moved Eli Employee out of team Marketing, and Omar fuel left the team with them.",
    );
    // A team or a person no longer there: what the row recorded, in words.
    const unknown = "00000000-0000-4000-8000-000000000000";
    expect(text(sentence(event("card.left_team", { fromTeamId: unknown, reason: "holder_changed_team", holderUserId: unknown, holder: "gone@demo.test" })))).toBe(
      "Fran Finance moved gone@demo.test out of its team, and Omar fuel left the team with them.",
    );
    expect(actionFilterGroups().find((group) => group.label === "Cards")?.options).toContainEqual({ value: "card.left_team", label: "Card moved out of a team" });
  });

  it("writes chain verifications with the counts the row kept, and a broken chain as broken even without its row", () => {
    const verified = (summary: Record<string, unknown>, outcome: "success" | "failure") => text(sentence(event("audit.verified", summary, { outcome, targetType: "audit_verification" })));
    expect(verified({ kind: "full", checked: 120, fromId: null }, "success")).toBe("Fran Finance verified the audit chain: 120 rows intact.");
    expect(verified({ kind: "full", checked: 120, firstBadId: "77", reason: "hash mismatch" }, "failure")).toBe("Fran Finance verified the audit chain: broken at row 77.");
    // Another organisation shares the chain: the row keeps no count, row id or reason (lib/audit/run-verification.ts).
    expect(verified({ kind: "incremental" }, "success")).toBe("Fran Finance verified the audit chain: intact.");
    expect(verified({ kind: "full" }, "failure")).toBe("Fran Finance verified the audit chain: broken.");
  });

  it("writes renames, reassignments and refusals in words", () => {
    expect(text(sentence(event("card.updated", { before: { alias: "Fuel", tags: [] }, after: { alias: "Omar fuel", tags: ["travel"] } })))).toBe(
      "Fran Finance edited Omar fuel: renamed it from “Fuel” to “Omar fuel” and set its tags to travel.",
    );
    expect(text(sentence(event("card.reassigned", { after: { ownerUserId: EMPLOYEE, owner: "employee@demo.test" } })))).toBe("Fran Finance reassigned Omar fuel to Eli Employee.");
    expect(text(sentence(event("card.reassigned", { reason: "holder_changed_team", after: { ownerUserId: EMPLOYEE, owner: "employee@demo.test", teamId: TEAM } })))).toBe(
      "Omar fuel moved with its holder Eli Employee to team Marketing.",
    );
    expect(text(sentence(event("card.reassigned", { reason: "holder_changed_team", after: { ownerUserId: EMPLOYEE, teamId: null } })))).toBe(
      "Omar fuel moved with its holder Eli Employee to no team.",
    );
    expect(text(sentence(event("card.cancelled", { fee: "10", currency: "USD", balanceText: "$39.90 returned to the Cardepass funding account." })))).toBe(
      "Fran Finance cancelled Omar fuel, fee $0.10. $39.90 returned to the Cardepass funding account.",
    );
    expect(text(sentence(event("card.reveal_denied", { reason: "step_up_required" }, { outcome: "denied" })))).toBe(
      "Fran Finance was refused the number of Omar fuel (the password had not been confirmed recently).",
    );
    expect(text(sentence(event("card.reveal_denied", { reason: "provider_error" }, { outcome: "failure" })))).toBe(
      "Fran Finance asked for the number of Omar fuel, but the provider could not give it (no answer, or an error on its side).",
    );
  });

  it("names the card of a refusal when the reader may see it, and leaves it out (not “on a card”) when not", () => {
    const refused = event("permission.denied", { permission: "card.freeze" }, { outcome: "denied" });
    expect(text(sentence(refused))).toMatch(/^Fran Finance was refused .+ on Omar fuel\.$/);
    const unseen = text(sentence(refused, { ...labelsFor(refused), cards: new Map() }));
    expect(unseen).not.toContain("Omar fuel");
    expect(unseen).not.toContain(" on a card");
    expect(unseen).toMatch(/^Fran Finance was refused [a-z ]+\.$/);
  });

  it("says why an administrator was refused changing a team they manage", () => {
    expect(text(sentence(event("permission.denied", { permission: "admin.manage", reason: "manages_team" }, { outcome: "denied", targetType: "team", targetId: TEAM })))).toMatch(
      /\(they manage that team, so another administrator adds people to it\)\.$/,
    );
  });

  it("names whom or which team a refusal was aimed at, and the people lookup behind the pickers", () => {
    expect(text(sentence(event("permission.denied", { permission: "admin.manage", reason: "step_up_required" }, { outcome: "denied", targetType: "user", targetId: EMPLOYEE })))).toBe(
      "Fran Finance was refused administration for Eli Employee (the password had not been confirmed recently).",
    );
    // Their own account is not named again.
    expect(text(sentence(event("permission.denied", { permission: "two_factor.enroll", reason: "step_up_required" }, { outcome: "denied", targetType: "user", targetId: FINANCE })))).toBe(
      "Fran Finance was refused setting up two-factor sign-in (the password had not been confirmed recently).",
    );
    expect(text(sentence(event("permission.denied", { permission: "admin.manage", reason: "manages_team" }, { outcome: "denied", targetType: "team", targetId: TEAM })))).toMatch(
      /^Fran Finance was refused administration for the team “[^”]+” \(/,
    );
    expect(text(sentence(event("permission.denied", { route: "/api/people", purpose: "owner" }, { outcome: "denied", targetType: null, targetId: null })))).toBe(
      "Fran Finance was refused looking up people to choose from.",
    );
  });

  it("names a refused permission in words", () => {
    expect(text(sentence(event("permission.denied", { permission: "audit.export", reason: "role_not_allowed" }, { outcome: "denied", targetType: null, targetId: null })))).toBe(
      "Fran Finance was refused exporting the audit log (their role does not allow it).",
    );
    // lib/transactions/export.ts records its refusal without a reason.
    expect(text(sentence(event("permission.denied", { permission: "transaction.export", export: "transactions" }, { outcome: "denied", targetType: null, targetId: null })))).toMatch(
      /^Fran Finance was refused exporting transactions\b/,
    );
  });

  it("names every permission Cardhub can refuse in plain words, never by its name", () => {
    for (const permission of [...PERMISSION_ACTIONS, ...RECORDED_PERMISSIONS_OUTSIDE_ROLES]) {
      const refused = text(sentence(event("permission.denied", { permission }, { outcome: "denied", targetType: null, targetId: null }))).replace(/&#x27;/g, "'");
      const what = refused.match(/^Fran Finance was refused (.+)\.$/)?.[1];
      // Words only: no dot, underscore or quotation mark of a permission's name.
      expect(what, `${permission}: ${refused}`).toMatch(/^[A-Za-z][A-Za-z ,'-]*[a-z]$/);
      expect(what, permission).not.toBe("an action");
    }
    expect(text(sentence(event("permission.denied", { permission: "request.view" }, { outcome: "denied", targetType: null, targetId: null })))).toBe(
      "Fran Finance was refused viewing a card request.",
    );
    // What the memo and self-assignment refusals record as their reason reads in words too.
    expect(text(sentence(event("permission.denied", { permission: "transaction.memo", reason: "not_own_transaction" }, { outcome: "denied", targetType: "transaction", targetId: "t-1" })))).toBe(
      "Fran Finance was refused writing a transaction&#x27;s memo (only the cardholder writes its memo).",
    );
    expect(text(sentence(event("permission.denied", { permission: "card.edit", reason: "self_assignment" }, { outcome: "denied" })))).toBe(
      "Fran Finance was refused editing a card on Omar fuel (nobody gives a card to themselves).",
    );
    // A permission without words (a row from a version that knew one more) reads as an action, not as its name.
    expect(text(sentence(event("permission.denied", { permission: "card.teleport" }, { outcome: "denied", targetType: null, targetId: null })))).toBe(
      "Fran Finance was refused an action.",
    );
  });

  it("keeps what it knows when a card is not resolvable, and never prints a bare id", () => {
    const html = sentence(event("order.created", { type: "issue", alias: "Gone card", amount: 1000, currency: "USD" }, { targetId: "00000000-0000-4000-8000-000000000000" }));
    expect(text(html)).toBe("Fran Finance asked the provider to issue card “Gone card” with $10.00.");
  });

  it("shows the target as the card's alias with a link", () => {
    const html = renderToStaticMarkup(createElement(TargetName, { event: event("card.frozen", {}), labels: labelsFor(event("card.frozen", {})) }));
    expect(html).toMatch(new RegExp(`^<a class="[^"]+" href="/cards/${CARD}">Omar fuel</a>$`));
  });

  it("has a sentence of its own for every event Cardhub records, never the readable name alone nor the machine key", () => {
    for (const action of AUDIT_ACTIONS.filter((name) => AUDIT_EVENTS[name].recorded)) {
      for (const targetType of ["card", "user"]) {
        const written = text(sentence(event(action, {}, { targetType, targetId: targetType === "user" ? EMPLOYEE : CARD })));
        expect(written, action).not.toBe(`Fran Finance: ${AUDIT_EVENTS[action].label}.`);
        expect(written, action).not.toContain(action);
      }
    }
    expect(text(sentence(event("card.activated", {})))).toBe("Fran Finance activated Omar fuel.");
  });

  it("formats minor units by the currency's own exponent", () => {
    expect(summaryMoney("1234", "JPY")).toBe("¥1,234");
    expect(summaryMoney(5, "usd")).toBe("$0.05");
    expect(summaryMoney("12.5", "USD")).toBeNull();
    expect(summaryMoney("100", undefined)).toBeNull();
  });
});

describe("limit changes", () => {
  const limitsOrder = { orderId: ORDER, type: "limits", cardStatus: "active", balance: null, currency: "USD" };

  it("says the limits a change went from and to, on the request to the provider and on the card's change", () => {
    const created = event("order.created", { ...limitsOrder, perTransaction: "8000", lifetime: null, before: { perTransaction: "5000", lifetime: "50000" } });
    expect(text(sentence(created))).toBe("Fran Finance asked the provider to change the limits of Omar fuel from $50.00 per purchase and $500.00 in all to $80.00 per purchase and no lifetime limit.");
    const changed = event("card.limits_changed", { orderId: ORDER, type: "limits", amount: null, currency: "USD", fee: null, before: { perTransaction: "5000", lifetime: "50000" }, after: { perTransaction: "8000", lifetime: null } });
    expect(text(sentence(changed))).toBe("Fran Finance changed the limits of Omar fuel from $50.00 per purchase and $500.00 in all to $80.00 per purchase and no lifetime limit.");
  });

  it("writes a raise from no lifetime limit, and money in the card's own currency", () => {
    const changed = event("card.limits_changed", { orderId: ORDER, type: "limits", currency: "EUR", before: { perTransaction: "2000", lifetime: null }, after: { perTransaction: "2500", lifetime: "100000" } });
    expect(text(sentence(changed))).toBe("Fran Finance changed the limits of Omar fuel from €20.00 per purchase and no lifetime limit to €25.00 per purchase and €1,000.00 in all.");
  });

  it("says only the new limits when the change was placed before Cardhub kept the old ones", () => {
    const changed = event("card.limits_changed", { orderId: ORDER, type: "limits", currency: "USD", after: { perTransaction: "8000", lifetime: "90000" } });
    expect(text(sentence(changed))).toBe("Fran Finance changed the limits of Omar fuel to $80.00 per purchase and $900.00 in all.");
  });

  it("keeps today's sentence for rows recorded without the limits before and after", () => {
    const created = event("order.created", { ...limitsOrder, perTransaction: "8000", lifetime: null });
    expect(text(sentence(created))).toBe("Fran Finance asked the provider to change the limits of Omar fuel.");
    const changed = event("card.limits_changed", { orderId: ORDER, type: "limits", amount: null, currency: "USD", fee: null, providerOrderId: "P-1" });
    expect(text(sentence(changed))).toBe("Fran Finance changed the limits of Omar fuel.");
  });

  it("never writes figures it cannot read: no currency, or limits that are not minor units", () => {
    const noCurrency = event("card.limits_changed", { orderId: ORDER, type: "limits", before: { perTransaction: "5000", lifetime: null }, after: { perTransaction: "8000", lifetime: null } });
    expect(text(sentence(noCurrency))).toBe("Fran Finance changed the limits of Omar fuel.");
    const garbled = event("card.limits_changed", { orderId: ORDER, type: "limits", currency: "USD", before: { perTransaction: "50.00", lifetime: null }, after: { perTransaction: "8000", lifetime: null } });
    expect(text(sentence(garbled))).toBe("Fran Finance changed the limits of Omar fuel to $80.00 per purchase and no lifetime limit.");
  });
});

describe("card request events", () => {
  const onRequest = (action: string, requestId: string, summary: Record<string, unknown>, extra: Partial<DescribableEvent> = {}) =>
    event(action, summary, { targetType: "request", targetId: requestId, ...extra });

  it("says what was asked for, with its money, and links the request", () => {
    const created = onRequest("request.created", NEW_CARD_REQUEST, { kind: "new_card", currency: "USD", amount: "8000" }, { actorUserId: EMPLOYEE, actorEmail: "employee@demo.test" });
    const html = sentence(created);
    expect(text(html)).toBe("Eli Employee asked for a new card “Software” ($80.00).");
    expect(html).toContain(`href="/requests/${NEW_CARD_REQUEST}"`);
    const onBehalf = onRequest("request.created", TOP_UP_REQUEST, { kind: "top_up", currency: "EUR", amount: "5000" });
    expect(text(sentence(onBehalf))).toBe("Fran Finance asked for a top-up of Omar fuel for Eli Employee (€50.00).");
  });

  it("names whose request an approval was, its step, what the approver lowered and their comment", () => {
    const approved = onRequest("request.approved", NEW_CARD_REQUEST, { kind: "new_card", step: 2, of: 2, role: "finance", changes: { amount: { from: "10000", to: "8000" } }, comment: "Within budget" });
    expect(text(sentence(approved))).toBe("Fran Finance approved Eli Employee’s request for a new card “Software” (step 2 of 2), lowering the amount from $100.00 to $80.00: “Within budget”.");
    const single = onRequest("request.approved", TOP_UP_REQUEST, { kind: "top_up", step: 1, of: 1 });
    expect(text(sentence(single))).toBe("Fran Finance approved Eli Employee’s request to top up Omar fuel.");
    // Since approvals record what they let through, the sentence says it; a row from before says no amount.
    const withTerms = onRequest("request.approved", TOP_UP_REQUEST, { kind: "top_up", step: 1, of: 2, amount: "7500", currency: "EUR", comment: "OK" });
    expect(text(sentence(withTerms))).toBe("Fran Finance approved Eli Employee’s request to top up Omar fuel (€75.00) (step 1 of 2): “OK”.");
    const standIn = onRequest("request.approved", TOP_UP_REQUEST, { kind: "top_up", step: 1, of: 2, role: "team_manager", takenBy: "finance", reason: "team_without_manager" });
    expect(text(sentence(standIn))).toBe(
      "Fran Finance approved Eli Employee’s request to top up Omar fuel (step 1 of 2) for finance, in place of the team’s manager (the team had none who could).",
    );
  });

  it("writes rejections, withdrawals, execution, failure and retries", () => {
    expect(text(sentence(onRequest("request.rejected", TOP_UP_REQUEST, { kind: "top_up", comment: "Not this month" })))).toBe(
      "Fran Finance rejected Eli Employee’s request to top up Omar fuel: “Not this month”.",
    );
    expect(text(sentence(onRequest("request.cancelled", TOP_UP_REQUEST, { kind: "top_up" }, { actorUserId: EMPLOYEE, actorEmail: "employee@demo.test" })))).toBe(
      "Eli Employee withdrew their request to top up Omar fuel.",
    );
    const executed = onRequest("request.executed", TOP_UP_REQUEST, { kind: "top_up", amount: "5000", currency: "EUR", attempt: 1 }, { actorUserId: null, actorEmail: null });
    expect(text(sentence(executed))).toBe("Cardhub carried out Eli Employee’s request to top up Omar fuel (€50.00).");
    const failed = onRequest("request.failed", TOP_UP_REQUEST, { kind: "top_up", attempt: 1, reason: "余额不足" }, { actorUserId: null, actorEmail: null, outcome: "failure" });
    expect(text(sentence(failed))).toBe("Carrying out Eli Employee’s request to top up Omar fuel failed at the provider: “余额不足” (In English: Not enough balance.).");
    const ownSentence = onRequest("request.rejected", TOP_UP_REQUEST, { kind: "top_up", comment: "Use the team card." });
    expect(text(sentence(ownSentence))).toBe("Fran Finance rejected Eli Employee’s request to top up Omar fuel: “Use the team card.”");
    const providerSentence = onRequest("request.failed", TOP_UP_REQUEST, { kind: "top_up", reason: "Insufficient balance." }, { actorUserId: null, actorEmail: null });
    expect(text(sentence(providerSentence))).toBe("Carrying out Eli Employee’s request to top up Omar fuel failed at the provider: “Insufficient balance.”");
    expect(text(sentence(onRequest("request.retried", TOP_UP_REQUEST, { kind: "top_up", attempt: 2 })))).toBe("Fran Finance retried Eli Employee’s request to top up Omar fuel (attempt 2).");
  });

  it("writes an activation request as one, in sentences and in the Target column", () => {
    const created = onRequest("request.created", ACTIVATION_REQUEST, { kind: "activate", currency: "USD" }, { actorUserId: EMPLOYEE, actorEmail: "employee@demo.test" });
    expect(text(sentence(created))).toBe("Eli Employee asked for Omar fuel to be activated.");
    expect(text(sentence(onRequest("request.approved", ACTIVATION_REQUEST, { kind: "activate", step: 1, of: 1 })))).toBe("Fran Finance approved Eli Employee’s request to activate Omar fuel.");
    const executed = onRequest("request.executed", ACTIVATION_REQUEST, { kind: "activate", currency: "USD", attempt: 1 }, { actorUserId: null, actorEmail: null });
    expect(text(sentence(executed))).toBe("Cardhub carried out Eli Employee’s request to activate Omar fuel.");
    expect(text(renderToStaticMarkup(createElement(TargetName, { event: created, labels: labelsFor(created) })))).toBe("Activation for Eli Employee");
  });

  it("says why a request was withdrawn by someone other than its requester", () => {
    const withdrawn = onRequest("request.cancelled", TOP_UP_REQUEST, { kind: "top_up", wasStatus: "pending", reason: "card_changed_hands", comment: "Withdrawn because the card changed hands: it was reassigned to someone else." });
    expect(text(sentence(withdrawn))).toBe("Fran Finance withdrew Eli Employee’s request to top up Omar fuel: “Withdrawn because the card changed hands: it was reassigned to someone else.”");
  });

  it("reads a request it cannot look up from what the row recorded, without a link or a bare id", () => {
    const unknown = "00000000-1111-4222-8333-444444444444";
    const html = sentence(onRequest("request.rejected", unknown, { kind: "limit_increase", comment: "No" }));
    expect(text(html)).toBe("Fran Finance rejected a request for higher limits on a card: “No”.");
    expect(html).not.toContain("href=\"/requests/");
    expect(html).not.toContain(unknown);
  });

  it("names a request, a team and every other target in words in the Target column", () => {
    const target = (value: DescribableEvent) => renderToStaticMarkup(createElement(TargetName, { event: value, labels: labelsFor(value) }));
    const request = target(onRequest("request.created", NEW_CARD_REQUEST, {}));
    expect(text(request)).toBe("New card for Eli Employee");
    expect(request).toContain(`href="/requests/${NEW_CARD_REQUEST}"`);
    expect(text(target(event("team.updated", {}, { targetType: "team", targetId: TEAM })))).toBe("Team Marketing");
    // A team deleted since is named as its own rows recorded it.
    expect(text(target(event("team.deleted", { before: { name: "Mktg" } }, { targetType: "team", targetId: "00000000-0000-4000-8000-0000000000aa" })))).toBe("Team Mktg");
    expect(text(target(event("team.members_changed", {}, { targetType: "team", targetId: "00000000-0000-4000-8000-0000000000aa" })))).toBe("A team");
    for (const [targetType, words] of [["transaction", "A transaction"], ["approval_policy", "The approval thresholds"], ["audit_verification", "A chain verification"], ["encryption_key", "The encryption key"]]) {
      expect(text(target(event("settings.updated", {}, { targetType, targetId: "x" })))).toBe(words);
    }
  });
});

describe("people and two-factor events", () => {
  const onPerson = (action: string, summary: Record<string, unknown>, extra: Partial<DescribableEvent> = {}) => event(action, summary, { targetType: "user", targetId: EMPLOYEE, ...extra });

  it("names the person with a link to their activity, and their roles in words", () => {
    const html = sentence(onPerson("user.invited", { after: { name: "Eli Employee", roles: ["employee"] }, method: "invite" }));
    expect(text(html)).toBe("Fran Finance invited Eli Employee as employee.");
    expect(html).toContain('href="/audit?actor=employee%40demo.test"');
    const unknown = onPerson("user.created", { after: { name: "Nina New", email: "nina@demo.test", roles: ["finance", "auditor"] } }, { targetId: "00000000-1111-4222-8333-444444444444" });
    expect(text(sentence(unknown))).toBe("Fran Finance added Nina New as finance and auditor.");
  });

  it("says what an edit of a person changed", () => {
    const teams = [{ teamId: "t1", manager: false }];
    const roles = onPerson("user.roles_changed", { before: { name: "Eli Employee", roles: ["employee"], teams }, after: { name: "Eli Employee", roles: ["employee", "manager"], teams } });
    expect(text(sentence(roles))).toBe("Fran Finance edited Eli Employee: changed their roles from employee to employee and manager.");
    const renamed = onPerson("user.updated", { before: { name: "Eli E", roles: ["employee"], teams: [] }, after: { name: "Eli Employee", roles: ["employee"], teams } });
    expect(text(sentence(renamed))).toBe("Fran Finance edited Eli Employee: renamed them from “Eli E” to “Eli Employee” and changed their teams from none to a team.");
    // Teams by name, with the manager role each gave; a row from before teams were recorded on both sides says only that.
    const moved = onPerson("user.updated", { before: { name: "Eli Employee", roles: ["employee"], teams: [{ teamId: TEAM, manager: false }] }, after: { name: "Eli Employee", roles: ["employee"], teams: [{ teamId: TEAM, manager: true }, { teamId: "t2", manager: false }] } });
    expect(text(sentence(moved))).toBe("Fran Finance edited Eli Employee: changed their teams from Marketing to Marketing (manager) and a team.");
    expect(text(sentence(onPerson("user.updated", { before: { name: "Eli Employee" }, after: { name: "Eli Employee", teams } })))).toBe("Fran Finance edited Eli Employee: changed their teams.");
    // A move to another team says what went with them (lib/users/team-move.ts), not only that the teams changed.
    const movedWithWork = onPerson("user.updated", {
      before: { name: "Eli Employee", roles: ["employee"], teams: [{ teamId: TEAM, manager: false }] },
      after: { name: "Eli Employee", roles: ["employee"], teams: [{ teamId: "t2", manager: false }] },
      teamMove: { fromTeamIds: [TEAM], toTeamId: "t2", movedCards: ["c1", "c2"], reroutedRequests: ["r1"], withdrawnRequests: ["r2"] },
    });
    expect(text(sentence(movedWithWork))).toBe(
      "Fran Finance edited Eli Employee: changed their teams from Marketing to a team; 2 cards and 1 waiting request moved with them; 1 request of theirs was withdrawn.",
    );
    const invited = onPerson("user.invited", { after: { name: "Eli Employee", email: "employee@demo.test", roles: ["employee", "manager"], teams: [{ teamId: TEAM, manager: true }] }, method: "invite" });
    expect(text(sentence(invited))).toBe("Fran Finance invited Eli Employee as employee and manager, in Marketing (manager).");
  });

  it("writes deactivation, passwords and two-factor events with the person as who they are about", () => {
    expect(text(sentence(onPerson("user.deactivated", { before: { active: true }, after: { active: false }, openCards: 2 })))).toBe(
      "Fran Finance deactivated Eli Employee and ended their sessions; 2 open cards are still assigned to them.",
    );
    expect(text(sentence(onPerson("user.deactivated", { before: { active: true }, after: { active: false }, openCards: 0, withdrawnRequests: 1 })))).toBe(
      "Fran Finance deactivated Eli Employee and ended their sessions; 1 request by or for them was withdrawn.",
    );
    expect(text(sentence(onPerson("user.password_set", { via: "invitation" }, { actorUserId: null, actorEmail: null })))).toBe("Eli Employee set a password from their invitation link.");
    expect(text(sentence(onPerson("user.password_reset_issued", { sessionsRevoked: true })))).toBe("Fran Finance issued a password reset link for Eli Employee and ended their sessions.");
    expect(text(sentence(onPerson("user.invitation_reissued", {})))).toBe("Fran Finance issued a new invitation link for Eli Employee.");
    expect(text(sentence(onPerson("system_operator.granted", { email: "employee@demo.test" }, { actorUserId: null, actorEmail: "cli:ops" })))).toBe(
      "cli:ops made Eli Employee an installation operator.",
    );
    expect(text(sentence(onPerson("system_operator.revoked", { email: "employee@demo.test" }, { actorUserId: null, actorEmail: "cli:ops" })))).toBe(
      "cli:ops removed Eli Employee from the installation operators.",
    );
    expect(text(sentence(onPerson("two_factor.reset", {})))).toBe("Fran Finance reset the two-factor sign-in of Eli Employee.");
    expect(text(sentence(onPerson("two_factor.failed", { stage: "sign_in" }, { actorUserId: null, actorEmail: null, outcome: "failure" })))).toBe("Eli Employee entered a wrong two-factor code.");
    expect(text(sentence(onPerson("two_factor.enabled", { recoveryCodesRegenerated: 10, method: "password" })))).toBe("Eli Employee replaced their two-factor recovery codes.");
  });

  it("says which two-factor form a wrong code was typed in, and which one the two-factor limit refused", () => {
    const own = { actorUserId: EMPLOYEE, actorEmail: "employee@demo.test" };
    expect(text(sentence(onPerson("two_factor.failed", { stage: "disable" }, { ...own, outcome: "failure" })))).toBe("Eli Employee entered a wrong two-factor code while turning off two-factor sign-in.");
    expect(text(sentence(onPerson("two_factor.failed", { stage: "disable", reason: "rate_limited" }, { ...own, outcome: "denied" })))).toBe(
      "Eli Employee was refused turning off two-factor sign-in (too many wrong codes).",
    );
    expect(text(sentence(onPerson("two_factor.failed", { stage: "enrollment", reason: "rate_limited" }, { ...own, outcome: "denied" })))).toBe(
      "Eli Employee was refused turning on two-factor sign-in (too many wrong codes).",
    );
    expect(text(sentence(onPerson("two_factor.failed", { stage: "recovery_codes", reason: "rate_limited" }, { ...own, outcome: "denied" })))).toBe(
      "Eli Employee was refused replacing their two-factor recovery codes (too many wrong codes).",
    );
    expect(text(sentence(onPerson("two_factor.failed", { stage: "recovery_codes" }, { ...own, outcome: "failure" })))).toBe(
      "Eli Employee entered a wrong two-factor code while replacing their two-factor recovery codes.",
    );
  });

  it("names what a refused step-up would have confirmed: the authenticator code of a person who has one", () => {
    const stepUp = (summary: Record<string, unknown>, outcome: DescribableEvent["outcome"]) =>
      event("auth.reauthentication_failed", summary, { actorUserId: EMPLOYEE, actorEmail: "employee@demo.test", targetType: "session", targetId: "s-1", outcome });
    expect(text(sentence(stepUp({ method: "totp" }, "failure")))).toBe("Eli Employee failed to confirm their authenticator code.");
    expect(text(sentence(stepUp({ reason: "rate_limited", method: "totp" }, "denied")))).toBe("Eli Employee was refused confirming their authenticator code (too many attempts).");
    expect(text(sentence(stepUp({ reason: "rate_limited", method: "password", during: "password_change" }, "denied")))).toBe(
      "Eli Employee was refused confirming their password (too many attempts).",
    );
    // Refusals recorded before the method was: which secret it was is not known.
    expect(text(sentence(stepUp({ reason: "rate_limited" }, "denied")))).toBe("Eli Employee was refused confirming it was them (too many attempts).");
  });
});

describe("settings, provider account and system events", () => {
  it("names the settings that changed, and an approval threshold with its money", () => {
    const changes = { sessionIdleMinutes: { before: 30, after: 60 }, twoFactorRequiredRoles: { before: [], after: ["finance"] } };
    expect(text(sentence(event("settings.updated", { changes }, { targetType: "settings" })))).toBe(
      "Fran Finance changed the idle sign-out time from 30 minutes to 60 minutes and the roles that must use two-factor sign-in from none to finance.",
    );
    const reveals = { revealRateLimit: { before: { max: 5, windowMinutes: 10 }, after: { max: 1, windowMinutes: 10 } }, lowBalanceThresholds: { before: [], after: [{ currency: "USD" }] } };
    expect(text(sentence(event("settings.updated", { changes: reveals }, { targetType: "settings" })))).toBe(
      "Fran Finance changed the reveal limit from 5 reveals per 10 minutes to 1 reveal per 10 minutes and the low-balance alerts (USD at an amount added).",
    );
    // Each threshold by its account (as the row labelled it), currency and amount: added, changed and removed.
    const account = "11111111-2222-4333-8444-555555555555";
    const thresholds = {
      lowBalanceThresholds: {
        before: [{ providerAccountId: account, currency: "EUR", amountMinor: "10000" }, { providerAccountId: account, currency: "GBP", amountMinor: "5000" }],
        after: [{ providerAccountId: account, currency: "EUR", amountMinor: "20000" }, { providerAccountId: account, currency: "USD", amountMinor: "50000" }],
      },
    };
    expect(text(sentence(event("settings.updated", { changes: thresholds, thresholdAccounts: { [account]: "Cardepass main" } }, { targetType: "settings" })))).toBe(
      "Fran Finance changed the low-balance alerts (EUR on Cardepass main from €100.00 to €200.00, USD on Cardepass main at $500.00 added, GBP on Cardepass main at £50.00 removed).",
    );
    const policy = event("approval_policy.updated", { kind: "top_up", currency: "USD", threshold: "100000", previous: "50000" }, { targetType: "approval_policy" });
    expect(text(sentence(policy))).toBe("Fran Finance set the amount from which finance also approves top-up requests in USD to $1,000.00 (it was $500.00).");
    const first = event("approval_policy.updated", { kind: "new_card", currency: "EUR", threshold: "0", previous: "none" }, { targetType: "approval_policy" });
    expect(text(sentence(first))).toBe("Fran Finance set the amount from which finance also approves new card requests in EUR to €0.00 (before, every such request went to finance).");
    const removed = event("approval_policy.removed", { kind: "top_up", currency: "USD", previous: "100000" }, { targetType: "approval_policy" });
    expect(text(sentence(removed))).toBe("Fran Finance removed the amount from which finance also approves top-up requests in USD (it was $1,000.00): every such request now goes to finance.");
  });

  it("says whether a provider account was disabled or what of it changed, never a credential", () => {
    const account = (summary: Record<string, unknown>) => event("provider_account.updated", summary, { targetType: "provider_account" });
    expect(text(sentence(account({ label: "NobePay EU", before: { active: true }, after: { active: false } })))).toBe("Fran Finance disabled the provider account “NobePay EU”.");
    const edited = account({
      before: { label: "NobePay EU", baseUrl: "https://a.test", timeZone: null, apiVersion: null },
      after: { label: "NobePay EU", baseUrl: "https://b.test", timeZone: null, apiVersion: null },
      replacedCredentialFields: ["appKey", "appSecret"],
    });
    expect(text(sentence(edited))).toBe("Fran Finance changed the base URL and 2 credentials of the provider account “NobePay EU”.");
    const tested = (summary: Record<string, unknown>, outcome: DescribableEvent["outcome"]) => event("provider_account.tested", summary, { targetType: "provider_account", targetId: "acc-1", outcome });
    expect(text(sentence(tested({ label: "Cardepass sandbox", latencyMs: 7 }, "success")))).toBe("Fran Finance tested the provider account “Cardepass sandbox”: connected (7 ms).");
    const refused = tested(
      { label: "NobePay EU", problem: "The provider refused these credentials. Check the ID and the secret, and that they belong to this host.", providerDetail: "HTTP 401 · 40001 · invalid app key" },
      "failure",
    );
    expect(text(sentence(refused))).toBe(
      "Fran Finance tested the provider account “NobePay EU”: not connected (HTTP 401 · 40001 · invalid app key). The provider refused these credentials. Check the ID and the secret, and that they belong to this host.",
    );
    const notConnected = event("provider_account.connect_failed", { provider: "nobepay", label: "NobePay EU", baseUrl: "https://api.nobepay.test", problem: "The provider refused these credentials." }, { targetType: "provider_account", outcome: "failure" });
    expect(text(sentence(notConnected))).toBe("Fran Finance tried to connect the provider account “NobePay EU” at https://api.nobepay.test: not connected. The provider refused these credentials.");
    const notChanged = event("provider_account.change_failed", { provider: "nobepay", label: "NobePay EU", baseUrl: "https://eu.nobepay.test", replacedCredentialFields: ["appSecret"], problem: "The provider refused these credentials." }, { targetType: "provider_account", outcome: "failure" });
    expect(text(sentence(notChanged))).toBe("Fran Finance tried to change the provider account “NobePay EU”, checked at https://eu.nobepay.test: not saved. The provider refused these credentials.");
    const target = (value: DescribableEvent) => text(renderToStaticMarkup(createElement(TargetName, { event: value, labels: labelsFor(value) })));
    expect(target(tested({ label: "Cardepass sandbox", latencyMs: 7 }, "success"))).toBe("Provider account Cardepass sandbox");
    expect(target(account({ before: { label: "Old name" }, after: { label: "NobePay EU" } }))).toBe("Provider account NobePay EU");
    expect(target(tested({}, "success"))).toBe("A provider account");
    expect(text(sentence(event("provider_account.webhook_url_rotated", { label: "NobePay EU", provider: "nobepay" }, { targetType: "provider_account" })))).toBe(
      "Fran Finance rotated the webhook URL of the provider account “NobePay EU”; the old URL no longer works.",
    );
    expect(text(sentence(event("encryption.key_rotated", { providerAccounts: 3, authenticators: 1 }, { targetType: "encryption_key" })))).toBe(
      "Fran Finance rotated the encryption key, re-encrypting 3 provider accounts and 1 authenticator.",
    );
    expect(text(sentence(event("audit.verification_requested", { kind: "full", joinedRunning: true }, { targetType: "audit_verification" })))).toBe(
      "Fran Finance started a full verification of the audit chain, joining the one already running.",
    );
    expect(text(sentence(event("audit.verification_requested", { kind: "incremental", joinedRunning: false }, { targetType: "audit_verification" })))).toBe(
      "Fran Finance started an incremental verification of the audit chain.",
    );
  });

  it("writes a person's settling of an order in review, with their note, and the failure it leaves as theirs, not the provider's", () => {
    const resolved = (outcome: string) => event("order.resolved", { orderId: ORDER, type: "topup", amount: "2500", currency: "USD", outcome, note: "Seen in the portal" });
    expect(text(sentence(resolved("done")))).toBe("Fran Finance checked the request to top up Omar fuel ($25.00) at the provider and recorded it as carried out: “Seen in the portal”.");
    expect(text(sentence(resolved("not_done")))).toBe("Fran Finance checked the request to top up Omar fuel ($25.00) at the provider and recorded it as not carried out: “Seen in the portal”.");
    const failed = event("order.failed", { orderId: ORDER, type: "topup", amount: "2500", currency: "USD", failureCode: "not_done_at_provider", failureMessage: "Not carried out" }, { outcome: "failure" });
    expect(text(sentence(failed))).toBe("The request to top up Omar fuel ($25.00) was recorded as not carried out at the provider; no money was taken.");
  });

  it("writes an accepted order whose card never changed, and one the provider has no record of, as not carried out rather than refused", () => {
    const unchanged = event("order.failed", { orderId: ORDER, type: "freeze", failureCode: "card_not_changed", failureMessage: "Card OPEN-API still reports the card as active (status 2)." }, { outcome: "failure" });
    expect(text(sentence(unchanged))).toBe("The provider did not carry out the request to freeze Omar fuel: it still reports the card as it was.");
    const unknown = event("order.failed", { orderId: ORDER, type: "topup", amount: "2500", currency: "USD", failureCode: "no_record_at_provider", failureMessage: "NobePay has no record of this request" }, { outcome: "failure" });
    expect(text(sentence(unknown))).toBe("The provider has no record of the request to top up Omar fuel ($25.00), so it was not carried out; no money was taken.");
    // A provider's own answer (its code, here not_found for an unknown card) is still its refusal.
    const refused = event("order.failed", { orderId: ORDER, type: "topup", amount: "2500", currency: "USD", failureCode: "not_found", failureMessage: "Card not found" }, { outcome: "failure" });
    expect(text(sentence(refused))).toBe("The provider refused the request to top up Omar fuel: “Card not found”; no money was taken.");
  });

  it("writes memos, cardholder addresses and orders that need review", () => {
    expect(text(sentence(event("transaction.memo_updated", { from: null, to: "Client dinner", merchant: "Le Bistro" }, { targetType: "transaction" })))).toBe(
      "Fran Finance set the memo of the Le Bistro transaction to “Client dinner”.",
    );
    expect(text(sentence(event("transaction.memo_updated", { from: "x", to: null, merchant: "Le Bistro" }, { targetType: "transaction" })))).toBe(
      "Fran Finance cleared the memo of the Le Bistro transaction.",
    );
    expect(text(sentence(event("card.holder_address_change_sent", { provider: "nobepay", after: { street: "1 Main" } })))).toBe("Fran Finance sent the provider a new cardholder address for Omar fuel.");
    expect(text(sentence(event("card.holder_address_changed", { reason: "provider_error", message: "Bad postcode" }, { outcome: "failure" })))).toBe(
      "Changing the cardholder address of Omar fuel failed: “Bad postcode”.",
    );
    expect(text(sentence(event("card.holder_address_changed", { reason: "outcome_unknown", message: "no answer" }, { outcome: "failure" })))).toBe(
      "The provider gave no clear answer to the cardholder address change of Omar fuel (“no answer”): it may have taken effect.",
    );
    const review = (why: string) => event("order.needs_review", { orderId: ORDER, type: "topup", amount: "2500", currency: "USD", why, afterHours: why === "deadline" ? 6 : undefined });
    expect(text(sentence(review("deadline")))).toBe("The outcome of the request to top up Omar fuel ($25.00) is still unknown after 6 hours: it needs review, and Cardhub keeps asking the provider.");
    expect(text(sentence(review("no_lookup")))).toBe(
      "The provider&#x27;s answer to the request to top up Omar fuel ($25.00) was lost and it offers no way to look it up: it needs review at the provider.",
    );
  });
});

describe("team events", () => {
  const onTeam = (action: string, summary: Record<string, unknown>) => event(action, summary, { targetType: "team", targetId: TEAM });

  it("writes a team's creation, renaming and member changes", () => {
    expect(text(sentence(onTeam("team.created", { after: { name: "Marketing" } })))).toBe("Fran Finance created the team “Marketing”.");
    expect(text(sentence(onTeam("team.updated", { before: { name: "Mktg" }, after: { name: "Marketing" } })))).toBe("Fran Finance renamed the team “Mktg” to “Marketing”.");
    expect(text(sentence(onTeam("team.deleted", { before: { name: "Mktg" } })))).toBe("Fran Finance deleted the team “Mktg”, which nobody was in and no card, request or transaction named.");
    const members = onTeam("team.members_changed", {
      before: { members: [{ userId: "a", manager: true }, { userId: "b", manager: false }, { userId: "c", manager: false }] },
      after: { members: [{ userId: "a", manager: true }, { userId: "b", manager: true }, { userId: "d", manager: false }, { userId: "e", manager: false }] },
    });
    // Each person named (linking to what they did); one no longer found is "a person".
    expect(text(sentence(members))).toBe("Fran Finance changed the members of the team “Marketing”: added a person and a person; removed a person; made a person its manager.");
    const named = onTeam("team.members_changed", {
      before: { members: [{ userId: FINANCE, manager: true }, { userId: "gone", manager: false }] },
      after: { members: [{ userId: FINANCE, manager: false }, { userId: EMPLOYEE, manager: true }] },
    });
    expect(text(sentence(named))).toBe("Fran Finance changed the members of the team “Marketing”: added Eli Employee (manager); removed a person; Fran Finance no longer manages it.");
    expect(sentence(named)).toContain('href="/audit?actor=employee%40demo.test"');
    expect(text(sentence(onTeam("team.members_changed", { before: { members: [] }, after: { members: [] } })))).toBe("Fran Finance changed the members of the team “Marketing”.");
  });
});

describe("the action filter", () => {
  it("offers grouped readable names and only events Cardhub records", () => {
    const groups = actionFilterGroups();
    const offered = groups.flatMap((group) => group.options.map((option) => option.value));
    expect(groups.map((group) => group.label)).toContain("Cards");
    expect(groups.find((group) => group.label === "Cards")?.options).toContainEqual({ value: "card.frozen", label: "Card frozen" });
    expect(offered).toContain("request.approved");
    expect(Object.keys(AUDIT_EVENTS).filter((action) => !offered.includes(action))).toEqual(
      Object.entries(AUDIT_EVENTS).filter(([, info]) => !info.recorded).map(([action]) => action),
    );
    expect(offered.every((action) => AUDIT_EVENTS[action as keyof typeof AUDIT_EVENTS].recorded)).toBe(true);
  });
});

describe("provider words in Chinese", () => {
  it("a failed order's sentence quotes the provider and explains its Chinese in English after the quote", () => {
    const failed = event("order.failed", { orderId: ORDER, type: "topup", amount: "500", currency: "USD", failureMessage: "There is not enough money. (provider says: 余额不足)" });
    // The explanation is worked out on the server, with the labels; the sentence only shows it.
    expect(text(sentence(failed, { ...labelsFor(failed), providerTexts: new Map() }))).toBe(
      "The provider refused the request to top up Omar fuel: “There is not enough money. (provider says: 余额不足)”; no money was taken.",
    );
    // Explained, the provider's words are quoted alone: Cardhub's sentence would be a second English version of them.
    expect(text(sentence(failed))).toBe("The provider refused the request to top up Omar fuel: “余额不足” (In English: Not enough balance.); no money was taken.");
  });

  it("a refused issue gives its reason once, and not as money missing on a card that never existed", () => {
    const stored = "There is not enough money in the funding account (or on the card) for this operation. (provider says: 您的资金账户资金不足，请转入资金后使用，谢谢！)";
    const refused = event("order.failed", { orderId: ORDER, type: "issue", amount: "2500", currency: "USD", failureMessage: stored });
    expect(text(sentence(refused))).toBe(
      "The provider refused the request to issue Omar fuel: “您的资金账户资金不足，请转入资金后使用，谢谢！” (In English: The funding account does not have enough money: transfer funds into it, then try again.); no money was taken.",
    );
    const failedIssue = event("card.issue_failed", { orderId: ORDER, type: "issue", failureMessage: "There is not enough money in the funding account (or on the card) for this operation." });
    expect(text(sentence(failedIssue))).toBe("Issuing Omar fuel failed: “There is not enough money in the funding account to issue the card.”.");
  });
});
