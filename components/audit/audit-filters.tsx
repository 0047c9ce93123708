import Link from "next/link";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { NativeSelect } from "@/components/ui/native-select";
import { AUDIT_ACTIONS } from "@/lib/audit/actions";
import { AUDIT_OUTCOMES, type AuditFilterField } from "@/lib/audit/filters";

const TARGET_TYPES = ["card", "request", "order", "user", "team", "provider_account", "session", "settings", "audit_log"];

const ACTION_GROUPS = Object.entries(
  AUDIT_ACTIONS.reduce<Record<string, string[]>>((groups, action) => {
    const prefix = action.split(".")[0]!;
    (groups[prefix] ??= []).push(action);
    return groups;
  }, {}),
);

type Values = Partial<Record<AuditFilterField, string>>;

function FieldError({ id, message }: { id: string; message?: string }) {
  return message ? (
    <p id={id} className="text-destructive text-xs">
      {message}
    </p>
  ) : null;
}

function invalid(errors: Values, field: AuditFilterField) {
  return errors[field] ? { "aria-invalid": true, "aria-describedby": `audit-${field}-error` } : {};
}

/** A plain GET form: filters live in the URL, so a filtered view can be bookmarked, shared and exported as is. */
export function AuditFiltersForm({ values, errors }: { values: Values; errors: Values }) {
  return (
    <form method="get" action="/audit" aria-label="Audit filters" className="grid gap-3 rounded-lg border p-4 sm:grid-cols-2 lg:grid-cols-4">
      <div className="grid gap-1.5">
        <Label htmlFor="audit-actor">Actor</Label>
        <Input id="audit-actor" name="actor" placeholder="Email or name" defaultValue={values.actor} {...invalid(errors, "actor")} />
        <FieldError id="audit-actor-error" message={errors.actor} />
      </div>
      <div className="grid gap-1.5">
        <Label htmlFor="audit-action">Action</Label>
        <NativeSelect id="audit-action" name="action" defaultValue={values.action ?? ""} {...invalid(errors, "action")}>
          <option value="">Any action</option>
          {ACTION_GROUPS.map(([group, actions]) => (
            <optgroup key={group} label={group}>
              {actions.map((action) => (
                <option key={action} value={action}>
                  {action}
                </option>
              ))}
            </optgroup>
          ))}
        </NativeSelect>
        <FieldError id="audit-action-error" message={errors.action} />
      </div>
      <div className="grid gap-1.5">
        <Label htmlFor="audit-outcome">Outcome</Label>
        <NativeSelect id="audit-outcome" name="outcome" defaultValue={values.outcome ?? ""} {...invalid(errors, "outcome")}>
          <option value="">Any outcome</option>
          {AUDIT_OUTCOMES.map((outcome) => (
            <option key={outcome} value={outcome}>
              {outcome}
            </option>
          ))}
        </NativeSelect>
        <FieldError id="audit-outcome-error" message={errors.outcome} />
      </div>
      <div className="grid gap-1.5">
        <Label htmlFor="audit-target-type">Target type</Label>
        <Input id="audit-target-type" name="targetType" list="audit-target-types" placeholder="e.g. card" defaultValue={values.targetType} {...invalid(errors, "targetType")} />
        <datalist id="audit-target-types">
          {TARGET_TYPES.map((type) => (
            <option key={type} value={type} />
          ))}
        </datalist>
        <FieldError id="audit-targetType-error" message={errors.targetType} />
      </div>
      <div className="grid gap-1.5">
        <Label htmlFor="audit-target-id">Target id</Label>
        <Input id="audit-target-id" name="targetId" defaultValue={values.targetId} {...invalid(errors, "targetId")} />
        <FieldError id="audit-targetId-error" message={errors.targetId} />
      </div>
      <div className="grid gap-1.5">
        <Label htmlFor="audit-from">From (UTC day)</Label>
        <Input id="audit-from" name="from" type="date" defaultValue={values.from} {...invalid(errors, "from")} />
        <FieldError id="audit-from-error" message={errors.from} />
      </div>
      <div className="grid gap-1.5">
        <Label htmlFor="audit-to">To (UTC day, inclusive)</Label>
        <Input id="audit-to" name="to" type="date" defaultValue={values.to} {...invalid(errors, "to")} />
        <FieldError id="audit-to-error" message={errors.to} />
      </div>
      <div className="flex items-end gap-2">
        <Button type="submit">Apply filters</Button>
        <Button asChild variant="ghost">
          <Link href="/audit">Clear</Link>
        </Button>
      </div>
      <p className="text-muted-foreground text-xs sm:col-span-2 lg:col-span-4">
        Dates are whole days in UTC: From starts at 00:00 UTC, To runs to the end of that day in UTC.
      </p>
    </form>
  );
}
