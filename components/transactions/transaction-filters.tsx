"use client";

import { useRef, useState } from "react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { ListFilter, Search } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { NativeSelect } from "@/components/ui/native-select";
import { cn } from "@/lib/utils";

type Option = { value: string; label: string };

export type TransactionFilterValues = Partial<
  Record<
    | "from"
    | "to"
    | "status"
    | "provider"
    | "account"
    | "card"
    | "owner"
    | "team"
    | "q"
    | "min"
    | "max"
    | "currency",
    string
  >
>;

export type TransactionFilterOptions = {
  statuses: Option[];
  providers: Option[];
  accounts: Option[];
  currencies: string[];
  /** Omitted for people who only see their own transactions. */
  owners?: Option[];
  teams?: Option[];
  /** The card the list is narrowed to (from a card page link), shown so it can be removed. */
  card?: { id: string; label: string };
};

function Select({
  id,
  name,
  label,
  value,
  options,
  anyLabel,
}: {
  id: string;
  name: string;
  label: string;
  value?: string;
  options: Option[];
  anyLabel: string;
}) {
  return (
    <div className="grid gap-1.5">
      <Label htmlFor={id}>{label}</Label>
      <NativeSelect id={id} name={name} defaultValue={value ?? ""} data-autosubmit>
        <option value="">{anyLabel}</option>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </NativeSelect>
    </div>
  );
}

/**
 * A GET form whose state is the URL (works without JavaScript); with it, selects and dates apply on change and empty
 * fields stay out of the URL. Changing a filter starts again from the first page.
 */
export function TransactionFilters({
  values,
  options,
}: {
  values: TransactionFilterValues;
  options: TransactionFilterOptions;
}) {
  const router = useRouter();
  const formRef = useRef<HTMLFormElement>(null);
  // At phone width the filters fold away behind one button so the list is what the screen shows first.
  const [open, setOpen] = useState(false);
  const active = Object.values(values).filter(Boolean).length;

  const navigate = () => {
    const form = formRef.current;
    if (!form) return;
    const params = new URLSearchParams();
    for (const [key, value] of new FormData(form))
      if (typeof value === "string" && value.trim() !== "") params.set(key, value.trim());
    const query = params.toString();
    router.push(query ? `/transactions?${query}` : "/transactions");
  };

  return (
    <div className="grid gap-2">
      <Button
        type="button"
        variant="outline"
        className="w-fit md:hidden"
        aria-expanded={open}
        aria-controls="transaction-filters"
        onClick={() => setOpen(!open)}
      >
        <ListFilter aria-hidden /> {open ? "Hide filters" : "Filters"}
        {active > 0 ? <span className="text-muted-foreground">({active} active)</span> : null}
      </Button>
      <form
        id="transaction-filters"
        ref={formRef}
        method="get"
        action="/transactions"
        role="search"
        aria-label="Transaction filters"
        className={cn(
          "gap-3 rounded-lg border p-4 sm:grid-cols-2 md:grid lg:grid-cols-4",
          open ? "grid" : "hidden",
        )}
        onSubmit={(event) => {
          event.preventDefault();
          navigate();
        }}
        onChange={(event) => {
          if ((event.target as HTMLElement).dataset.autosubmit !== undefined) navigate();
        }}
      >
        <div className="grid gap-1.5 sm:col-span-2">
          <Label htmlFor="tx-q">Merchant</Label>
          <div className="relative">
            <Search
              aria-hidden
              className="text-muted-foreground pointer-events-none absolute top-1/2 left-2.5 size-4 -translate-y-1/2"
            />
            <Input
              id="tx-q"
              name="q"
              type="search"
              defaultValue={values.q}
              placeholder="Merchant name"
              className="pl-8"
              maxLength={100}
            />
          </div>
        </div>
        <div className="grid gap-1.5">
          <Label htmlFor="tx-from">From (UTC)</Label>
          <Input id="tx-from" name="from" type="date" defaultValue={values.from} data-autosubmit />
        </div>
        <div className="grid gap-1.5">
          <Label htmlFor="tx-to">To (UTC)</Label>
          <Input id="tx-to" name="to" type="date" defaultValue={values.to} data-autosubmit />
        </div>
        <Select
          id="tx-status"
          name="status"
          label="Status"
          value={values.status}
          options={options.statuses}
          anyLabel="All statuses"
        />
        <Select
          id="tx-provider"
          name="provider"
          label="Provider"
          value={values.provider}
          options={options.providers}
          anyLabel="All providers"
        />
        <Select
          id="tx-account"
          name="account"
          label="Account"
          value={values.account}
          options={options.accounts}
          anyLabel="All accounts"
        />
        <Select
          id="tx-currency"
          name="currency"
          label="Currency"
          value={values.currency}
          options={options.currencies.map((code) => ({ value: code, label: code }))}
          anyLabel="All currencies"
        />
        {options.owners ? (
          <Select
            id="tx-owner"
            name="owner"
            label="Cardholder"
            value={values.owner}
            options={options.owners}
            anyLabel="All cardholders"
          />
        ) : null}
        {options.teams ? (
          <Select
            id="tx-team"
            name="team"
            label="Team"
            value={values.team}
            options={options.teams}
            anyLabel="All teams"
          />
        ) : null}
        <div className="grid gap-1.5">
          <Label htmlFor="tx-min">Minimum amount</Label>
          <Input
            id="tx-min"
            name="min"
            inputMode="decimal"
            defaultValue={values.min}
            placeholder="0.00"
            pattern="\d{1,15}(\.\d{1,4})?"
            title="An amount such as 25 or 25.50"
          />
        </div>
        <div className="grid gap-1.5">
          <Label htmlFor="tx-max">Maximum amount</Label>
          <Input
            id="tx-max"
            name="max"
            inputMode="decimal"
            defaultValue={values.max}
            placeholder="Any"
            pattern="\d{1,15}(\.\d{1,4})?"
            title="An amount such as 25 or 25.50"
          />
        </div>
        {options.card ? (
          <div className="grid gap-1.5">
            <span className="text-sm font-medium">Card</span>
            <input type="hidden" name="card" value={options.card.id} />
            <p className="flex h-9 items-center truncate text-sm">{options.card.label}</p>
          </div>
        ) : null}
        <div className="flex flex-wrap items-end gap-2 sm:col-span-2 lg:col-span-4 lg:justify-end">
          <Button type="submit">Apply filters</Button>
          <Button asChild variant="ghost">
            <Link href="/transactions">Clear filters</Link>
          </Button>
        </div>
      </form>
    </div>
  );
}
