"use client";

import { useRef } from "react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { NativeSelect } from "@/components/ui/native-select";

type Option = { value: string; label: string };

export type RequestFilterValues = { status?: string; kind?: string; requester?: string; team?: string; from?: string; to?: string };
export type RequestFilterOptions = { statuses: Option[]; kinds: Option[]; requesters?: Option[]; teams?: Option[] };

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
 * The cards list's filter pattern: a GET form that works without JavaScript; with it, selects apply on change,
 * empty fields stay out of the URL and a new filter starts again from the first page.
 */
export function RequestFilters({ tab, values, options }: { tab: string; values: RequestFilterValues; options: RequestFilterOptions }) {
  const router = useRouter();
  const formRef = useRef<HTMLFormElement>(null);
  const navigate = () => {
    const form = formRef.current;
    if (!form) return;
    const params = new URLSearchParams();
    for (const [key, value] of new FormData(form)) if (typeof value === "string" && value.trim() !== "") params.set(key, value.trim());
    router.push(`/requests?${params.toString()}`);
  };
  return (
    <form
      ref={formRef}
      method="get"
      action="/requests"
      role="search"
      aria-label="Request filters"
      className="grid gap-3 rounded-lg border p-4 sm:grid-cols-2 lg:grid-cols-3"
      onSubmit={(event) => {
        event.preventDefault();
        navigate();
      }}
      onChange={(event) => {
        if ((event.target as HTMLElement).dataset.autosubmit !== undefined) navigate();
      }}
    >
      <input type="hidden" name="tab" value={tab} />
      <Select id="requests-status" name="status" label="Status" value={values.status} options={options.statuses} anyLabel="All statuses" />
      <Select id="requests-kind" name="kind" label="Kind" value={values.kind} options={options.kinds} anyLabel="All kinds" />
      {options.requesters ? <Select id="requests-requester" name="requester" label="Requested by" value={values.requester} options={options.requesters} anyLabel="Anyone" /> : null}
      {options.teams ? <Select id="requests-team" name="team" label="Team" value={values.team} options={options.teams} anyLabel="All teams" /> : null}
      <div className="grid gap-1.5">
        <Label htmlFor="requests-from">From (UTC)</Label>
        <Input id="requests-from" name="from" type="date" defaultValue={values.from} />
      </div>
      <div className="grid gap-1.5">
        <Label htmlFor="requests-to">To (UTC)</Label>
        <Input id="requests-to" name="to" type="date" defaultValue={values.to} />
      </div>
      <div className="flex items-end gap-2 sm:col-span-2 lg:col-span-3 lg:justify-end">
        <Button type="submit">Apply filters</Button>
        <Button asChild variant="ghost">
          <Link href={`/requests?tab=${tab}`}>Clear filters</Link>
        </Button>
      </div>
    </form>
  );
}
