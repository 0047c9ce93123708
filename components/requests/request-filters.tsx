"use client";

import { useRef, useState } from "react";
import { SlidersHorizontal } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { NativeSelect } from "@/components/ui/native-select";
import { Sheet, SheetContent, SheetTitle, SheetTrigger } from "@/components/ui/sheet";

type Option = { value: string; label: string };

export type RequestFilterValues = { status?: string; kind?: string; requester?: string; team?: string; from?: string; to?: string };
export type RequestFilterOptions = { statuses: Option[]; kinds: Option[]; requesters?: Option[]; teams?: Option[] };

function Select({ idPrefix, id, name, label, value, options, anyLabel }: { idPrefix: string; id: string; name: string; label: string; value?: string; options: Option[]; anyLabel: string }) {
  return (
    <div className="grid gap-1.5">
      <Label htmlFor={`${idPrefix}-${id}`}>{label}</Label>
      <NativeSelect id={`${idPrefix}-${id}`} name={name} defaultValue={value ?? ""} data-autosubmit>
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
function FilterForm({ tab, values, options, idPrefix, onApplied }: { tab: string; values: RequestFilterValues; options: RequestFilterOptions; idPrefix: string; onApplied?: () => void }) {
  const router = useRouter();
  const formRef = useRef<HTMLFormElement>(null);
  const navigate = () => {
    const form = formRef.current;
    if (!form) return;
    const params = new URLSearchParams();
    for (const [key, value] of new FormData(form)) if (typeof value === "string" && value.trim() !== "") params.set(key, value.trim());
    router.push(`/requests?${params.toString()}`);
    onApplied?.();
  };
  return (
    <form
      ref={formRef}
      method="get"
      action="/requests"
      role="search"
      aria-label="Request filters"
      className={onApplied ? "grid gap-3" : "grid gap-3 sm:grid-cols-2 lg:grid-cols-3"}
      onSubmit={(event) => {
        event.preventDefault();
        navigate();
      }}
      onChange={(event) => {
        if (!onApplied && (event.target as HTMLElement).dataset.autosubmit !== undefined) navigate();
      }}
    >
      <input type="hidden" name="tab" value={tab} />
      <Select idPrefix={idPrefix} id="status" name="status" label="Status" value={values.status} options={options.statuses} anyLabel="All statuses" />
      <Select idPrefix={idPrefix} id="kind" name="kind" label="Kind" value={values.kind} options={options.kinds} anyLabel="All kinds" />
      {options.requesters ? <Select idPrefix={idPrefix} id="requester" name="requester" label="Requested by" value={values.requester} options={options.requesters} anyLabel="Anyone" /> : null}
      {options.teams ? <Select idPrefix={idPrefix} id="team" name="team" label="Team" value={values.team} options={options.teams} anyLabel="All teams" /> : null}
      <div className="grid gap-1.5">
        <Label htmlFor={`${idPrefix}-from`}>From (UTC)</Label>
        <Input id={`${idPrefix}-from`} name="from" type="date" defaultValue={values.from} />
      </div>
      <div className="grid gap-1.5">
        <Label htmlFor={`${idPrefix}-to`}>To (UTC)</Label>
        <Input id={`${idPrefix}-to`} name="to" type="date" defaultValue={values.to} />
      </div>
      <div className={onApplied ? "flex items-end gap-2" : "flex items-end gap-2 sm:col-span-2 lg:col-span-3 lg:justify-end"}>
        <Button type="submit">Apply filters</Button>
        <Button asChild variant="ghost">
          <Link href={`/requests?tab=${tab}`}>Clear filters</Link>
        </Button>
      </div>
    </form>
  );
}

/** Inline on wide screens; at phone width behind a "Filters" button, in a sheet (DESIGN.md, Screens). */
export function RequestFilters({ tab, values, options }: { tab: string; values: RequestFilterValues; options: RequestFilterOptions }) {
  const [open, setOpen] = useState(false);
  const active = Object.values(values).filter(Boolean).length;
  return (
    <>
      <div className="hidden rounded-lg border p-4 md:block">
        <FilterForm tab={tab} values={values} options={options} idPrefix="requests" />
      </div>
      <div className="md:hidden">
        <Sheet open={open} onOpenChange={setOpen}>
          <SheetTrigger asChild>
            <Button variant="outline">
              <SlidersHorizontal aria-hidden /> Filters{active > 0 ? ` (${active})` : ""}
            </Button>
          </SheetTrigger>
          <SheetContent aria-describedby={undefined} className="w-[min(22rem,90vw)] overflow-y-auto">
            <SheetTitle>Filter requests</SheetTitle>
            <div className="mt-4">
              <FilterForm tab={tab} values={values} options={options} idPrefix="requests-sheet" onApplied={() => setOpen(false)} />
            </div>
          </SheetContent>
        </Sheet>
      </div>
    </>
  );
}
