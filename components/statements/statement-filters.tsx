import Link from "next/link";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { NativeSelect } from "@/components/ui/native-select";
import type { StatementSearch } from "@/lib/statements/filters";
import { statementQuery } from "@/lib/statements/filters";
import { statementTypeLabel } from "./statement-labels";

/** A plain GET form: the filters live in the URL, work without JavaScript, and are shared by the CSV export. */
export function StatementFilters({ search, types }: { search: StatementSearch; types: string[] }) {
  const scope = { account: search.account, card: search.card, from: null, to: null, type: null };
  return (
    <form method="get" action="/funding/statements" className="bg-card grid gap-3 rounded-lg border p-3 sm:grid-cols-[repeat(3,minmax(0,1fr))_auto] sm:items-end" aria-label="Filter statement lines">
      {search.account ? <input type="hidden" name="account" value={search.account} /> : null}
      {search.card ? <input type="hidden" name="card" value={search.card} /> : null}
      <div className="grid gap-1.5">
        <Label htmlFor="statement-from">From (UTC)</Label>
        <Input id="statement-from" name="from" type="date" defaultValue={search.from ?? ""} />
      </div>
      <div className="grid gap-1.5">
        <Label htmlFor="statement-to">To (UTC)</Label>
        <Input id="statement-to" name="to" type="date" defaultValue={search.to ?? ""} />
      </div>
      <div className="grid gap-1.5">
        <Label htmlFor="statement-type">Type</Label>
        <NativeSelect id="statement-type" name="type" defaultValue={search.type ?? ""}>
          <option value="">All types</option>
          {types.map((type) => (
            <option key={type} value={type}>
              {statementTypeLabel(type) === type ? type : `${statementTypeLabel(type)} (${type})`}
            </option>
          ))}
        </NativeSelect>
      </div>
      <div className="flex gap-2">
        <Button type="submit">Apply</Button>
        <Button asChild variant="ghost">
          <Link href={`/funding/statements?${statementQuery(scope)}`}>Clear</Link>
        </Button>
      </div>
    </form>
  );
}
