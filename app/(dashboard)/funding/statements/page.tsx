import type { Metadata } from "next";
import Link from "next/link";
import { forbidden, notFound } from "next/navigation";
import { ChevronLeft, Download } from "lucide-react";
import { PROVIDER_LABELS } from "@/components/cards/labels";
import { ProviderAccountChoices, type ProviderAccountChoice } from "@/components/funding/provider-account-choices";
import { EmptyState } from "@/components/layout/empty-state";
import { PageHeader } from "@/components/layout/page-header";
import { FilterBar } from "@/components/lists/filter-bar";
import { ExportRefusedAlert } from "@/components/lists/export-refused-alert";
import { IgnoredParamsAlert } from "@/components/lists/ignored-params-alert";
import { exportHref } from "@/lib/lists/export-href";
import { listResultText } from "@/components/lists/result-text";
import type { FilterField } from "@/components/lists/filter-types";
import { LedgerTabs } from "@/components/statements/ledger-tabs";
import { NoOwnLedgerHint } from "@/components/statements/no-own-ledger-hint";
import { StatementList } from "@/components/statements/statement-list";
import { statementTypesOfLedger } from "@/components/statements/ledger-types";
import { statementTypeLabel } from "@/components/statements/statement-labels";
import { ListPagination } from "@/components/lists/list-pagination";
import { Button } from "@/components/ui/button";
import { getDb } from "@/db/client";
import { listProviderAccounts, type ProviderAccountSummary } from "@/db/queries/provider-accounts";
import { listStatements } from "@/db/queries/statements";
import { requireSection } from "@/lib/auth/current-user";
import { record } from "@/lib/audit/record";
import { auditContextFor } from "@/lib/auth/session-user";
import { currentRequestMeta } from "@/lib/auth/request-meta";
import { formatMaskedNumber } from "@/lib/format-card-number";
import { capabilitiesFor, supports } from "@/lib/providers";
import { resolveStatementScope } from "@/lib/statements/access";
import { dateBounds, hasNoOwnLedger, ledgerOwnerOf, parseStatementSearch, statementQuery, statementSource } from "@/lib/statements/filters";

export const metadata: Metadata = { title: "Statements" };

/** An account as a choice of statement: a provider that keeps none (Card OPEN-API) is said so, not linked to an empty page. */
function statementChoice(account: ProviderAccountSummary): ProviderAccountChoice {
  const keepsStatement = supports(capabilitiesFor(account.provider), "accountLogs");
  return {
    id: account.id,
    label: account.label,
    provider: account.provider,
    href: keepsStatement ? `/funding/statements?${statementQuery({ account: account.id, card: null, source: null, from: null, to: null, type: null })}` : null,
    detail: keepsStatement ? undefined : "which keeps no statement",
  };
}

export default async function StatementsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireSection("funding");
  const raw = await searchParams;
  const { search, ignored } = parseStatementSearch(raw);
  const db = getDb();
  const scope = await resolveStatementScope(db, user, search);
  if (!scope.ok) {
    if (scope.reason === "denied") {
      await record(db, auditContextFor(user, await currentRequestMeta()), { action: "permission.denied", outcome: "denied", summary: { permission: "funding.view", page: "statements" } });
      forbidden();
    }
    if (scope.reason === "not_found") notFound();
    return (
      <>
        <PageHeader title="Statements" description="A provider account's statement: every line the provider lists for it and its cards." />
        <div className="grid gap-4">
          <ExportRefusedAlert subject="statements" searchParams={raw} />
          <IgnoredParamsAlert ignored={ignored} />
          <EmptyState title="Choose an account">
            <ProviderAccountChoices
              choices={(await listProviderAccounts(db, { organizationId: user.organizationId })).map(statementChoice)}
              hint="A card's own statement is on its page."
            />
          </EmptyState>
        </div>
      </>
    );
  }
  // One ledger of a card at a time (statementSource, which the export asks too), so no list, page or export of it adds
  // the card's balance to the account's; a ShareBalance card, with no balance of its own, opens on the account's lines.
  const owner = ledgerOwnerOf(scope);
  const source = statementSource(search, owner);
  const scopeFilter = scope.kind === "card" ? { cardId: scope.card.id, source: statementSource(search, ledgerOwnerOf(scope)) } : { providerAccountId: scope.accountId, source };
  // The types of the ledger shown: a card's own ledger lists other types than the funding account's.
  const documented = statementTypesOfLedger(owner.provider, source);
  const types = search.type && !documented.includes(search.type) ? [...documented, search.type] : documented;
  const title = scope.kind === "card" ? `Statement of ${scope.card.alias}` : `Statement of ${scope.label}`;
  const description =
    scope.kind === "card"
      ? source === "account"
        ? `${formatMaskedNumber(scope.card.maskedNumber, scope.card.last4)} · ${PROVIDER_LABELS[scope.card.provider]} · the funding account's lines that name this card. Each amount is the funding account's balance moving, not the card's: what the account paid towards the card is negative.`
        : `${formatMaskedNumber(scope.card.maskedNumber, scope.card.last4)} · ${PROVIDER_LABELS[scope.card.provider]} · the card's own ledger. Each amount is the card's balance moving: money into the card is positive, out of it negative. Fees, where the provider lists them, are beside it; "Amount + fee" is the provider's own total of the two, whichever balance paid the fee (a top-up's comes from the funding account, a withdrawal's off the card).`
      : source === "account"
        ? `${PROVIDER_LABELS[scope.provider]} · the funding account's own ledger. Each amount is the funding account's balance moving: what it paid towards a card is negative.`
        : source === "card"
          ? `${PROVIDER_LABELS[scope.provider]} · the own ledgers of this account's cards. Each amount is a card's balance moving: money into a card is positive, out of it negative.`
          : `${PROVIDER_LABELS[scope.provider]} · every line the provider lists for this account and its cards. Each amount is the balance its line names moving, the funding account's or a card's: a deposit into a card is positive on the card's line.`;
  const back = scope.kind === "card" ? { href: `/cards/${scope.card.id}`, label: scope.card.alias } : { href: "/funding", label: "Funding" };
  const backLink = (
    <Link href={back.href} className="text-muted-foreground hover:text-foreground mb-4 inline-flex w-fit items-center gap-1 text-sm">
      <ChevronLeft aria-hidden className="size-4" /> {back.label}
    </Link>
  );
  // A provider that keeps no statement (Card OPEN-API): said as Funding and the card page say it, with no filters or
  // export that would read as "no lines yet".
  if (!supports(capabilitiesFor(owner.provider), "accountLogs")) {
    return (
      <>
        {backLink}
        <PageHeader title={title} description={PROVIDER_LABELS[owner.provider]} />
        <EmptyState title={`${PROVIDER_LABELS[owner.provider]} provides no statement`}>
          Its card transactions are under{" "}
          <Link href="/transactions" className="underline underline-offset-4">
            Transactions
          </Link>
          .
        </EmptyState>
      </>
    );
  }
  const page = await listStatements(db, { filter: { ...scopeFilter, type: search.type ?? undefined, ...dateBounds(search) }, after: search.cursor, before: search.before });
  const filtered = Boolean(search.from || search.to || search.type);
  const fields: FilterField[] = [
    { kind: "date", name: "from", label: "From (UTC day)" },
    { kind: "date", name: "to", label: "To (UTC day, inclusive)" },
    {
      kind: "select",
      name: "type",
      label: "Type",
      anyLabel: "All types",
      options: types.map((type) => ({ value: type, label: statementTypeLabel(type) === type ? type : `${statementTypeLabel(type)} (${type})` })),
    },
  ];
  // The account or card the statement is of stays in every filter's URL.
  const scopePath = `/funding/statements?${statementQuery({ account: search.account, card: search.card, source: search.source, from: null, to: null, type: null })}`;
  // A ShareBalance card spends from the funding account: its own ledger, when chosen, stays empty.
  const noOwnLedger = scope.kind === "card" && hasNoOwnLedger(owner);
  return (
    <>
      {backLink}
      <PageHeader
        title={title}
        description={description}
        actions={
          <Button asChild variant="outline">
            <a href={exportHref("/funding/statements/export", `?${statementQuery(search)}`, raw, ignored)}>
              <Download aria-hidden className="size-4" /> Export CSV
            </a>
          </Button>
        }
      />
      <div className="grid grid-cols-1 gap-4">
        <LedgerTabs scope={owner} search={search} />
        <FilterBar path={scopePath} label="Statement filters" fields={fields} values={{ from: search.from ?? undefined, to: search.to ?? undefined, type: search.type ?? undefined }} note="Dates are whole days in UTC." resultText={listResultText(page.rows.length, { one: "line", many: "lines" }, Boolean(page.next))} />
        <ExportRefusedAlert subject="statements" searchParams={raw} />
        <IgnoredParamsAlert ignored={ignored} />
        <StatementList
          rows={page.rows}
          caption={title}
          showCard={scope.kind === "account"}
          emptyTitle={filtered ? "No lines match these filters" : noOwnLedger && source !== "account" ? "No lines of its own" : "No statement lines yet"}
          emptyHint={
            filtered ? (
              "Widen the dates or choose all types."
            ) : noOwnLedger && source !== "account" ? (
              <NoOwnLedgerHint cardId={scope.card.id} />
            ) : (
              "Statements are read from the provider every 15 minutes."
            )
          }
        />
        <ListPagination
          label="Statement pages"
          previousLabel="Newer lines"
          nextLabel="Older lines"
          previousHref={page.previous ? `/funding/statements?${statementQuery(search, { before: page.previous })}` : undefined}
          nextHref={page.next ? `/funding/statements?${statementQuery(search, { after: page.next })}` : undefined}
        />
      </div>
    </>
  );
}
