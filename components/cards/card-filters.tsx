"use client";

import { useRef } from "react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { Search } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { NativeSelect } from "@/components/ui/native-select";

type Option = { value: string; label: string };

export type CardFilterValues = {
  q?: string;
  provider?: string;
  status?: string;
  owner?: string;
  team?: string;
  currency?: string;
  sort?: string;
  dir?: string;
};

export type CardFilterOptions = {
  providers: Option[];
  statuses: Option[];
  currencies: string[];
  /** Omitted for people who only see their own cards: an owner filter would have one choice. */
  owners?: Option[];
  teams?: Option[];
};

const SORTS: Option[] = [
  { value: "created:desc", label: "Newest first" },
  { value: "created:asc", label: "Oldest first" },
  { value: "alias:asc", label: "Alias A–Z" },
  { value: "alias:desc", label: "Alias Z–A" },
  { value: "balance:desc", label: "Balance, highest first" },
  { value: "balance:asc", label: "Balance, lowest first" },
];

function Select({ id, name, label, value, options, anyLabel }: { id: string; name: string; label: string; value?: string; options: Option[]; anyLabel: string }) {
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
 * A GET form (works without JavaScript); with it, selects apply on change and empty fields stay out of the URL.
 * Changing a filter always starts again from the first page, so no page cursor is carried over.
 */
export function CardFilters({ values, options }: { values: CardFilterValues; options: CardFilterOptions }) {
  const router = useRouter();
  const formRef = useRef<HTMLFormElement>(null);

  const navigate = () => {
    const form = formRef.current;
    if (!form) return;
    const params = new URLSearchParams();
    for (const [key, value] of new FormData(form)) {
      if (typeof value !== "string" || value.trim() === "") continue;
      if (key === "order") {
        const [sort, dir] = value.split(":");
        if (value !== "created:desc" && sort && dir) {
          params.set("sort", sort);
          params.set("dir", dir);
        }
      } else params.set(key, value.trim());
    }
    const query = params.toString();
    router.push(query ? `/cards?${query}` : "/cards");
  };

  return (
    <form
      ref={formRef}
      method="get"
      action="/cards"
      role="search"
      aria-label="Card filters"
      className="grid gap-3 rounded-lg border p-4 sm:grid-cols-2 lg:grid-cols-4"
      onSubmit={(event) => {
        event.preventDefault();
        navigate();
      }}
      onChange={(event) => {
        if ((event.target as HTMLElement).dataset.autosubmit !== undefined) navigate();
      }}
    >
      <div className="grid gap-1.5 sm:col-span-2">
        <Label htmlFor="cards-q">Search</Label>
        <div className="relative">
          <Search aria-hidden className="text-muted-foreground pointer-events-none absolute top-1/2 left-2.5 size-4 -translate-y-1/2" />
          <Input id="cards-q" name="q" type="search" defaultValue={values.q} placeholder="Alias, last four digits or owner" className="pl-8" aria-describedby="cards-q-hint" />
        </div>
        <p id="cards-q-hint" className="sr-only">
          Searches card aliases, the last four digits of card numbers and owner names.
        </p>
      </div>
      <Select id="cards-provider" name="provider" label="Provider" value={values.provider} options={options.providers} anyLabel="All providers" />
      <Select id="cards-status" name="status" label="Status" value={values.status} options={options.statuses} anyLabel="All statuses" />
      {options.owners ? <Select id="cards-owner" name="owner" label="Owner" value={values.owner} options={options.owners} anyLabel="All owners" /> : null}
      {options.teams ? <Select id="cards-team" name="team" label="Team" value={values.team} options={options.teams} anyLabel="All teams" /> : null}
      <Select
        id="cards-currency"
        name="currency"
        label="Currency"
        value={values.currency}
        options={options.currencies.map((currency) => ({ value: currency, label: currency }))}
        anyLabel="All currencies"
      />
      <div className="grid gap-1.5">
        <Label htmlFor="cards-order">Sort by</Label>
        <NativeSelect id="cards-order" name="order" defaultValue={`${values.sort ?? "created"}:${values.dir ?? (values.sort === "alias" ? "asc" : "desc")}`} data-autosubmit>
          {SORTS.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </NativeSelect>
      </div>
      <div className="flex items-end gap-2 sm:col-span-2 lg:col-span-4 lg:justify-end">
        <Button type="submit">Apply filters</Button>
        <Button asChild variant="ghost">
          <Link href="/cards">Clear filters</Link>
        </Button>
      </div>
    </form>
  );
}
