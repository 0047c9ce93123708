import { Label } from "@/components/ui/label";

/** Props that tie an input to its error and hint, for screen readers (aria-invalid + aria-describedby). */
/** `unitId`: an element beside the control naming its unit (an amount's currency), read as part of its description. */
export function fieldProps(id: string, error?: string, hint?: string, unitId?: string) {
  const describedBy = [error ? `${id}-error` : null, hint ? `${id}-hint` : null, unitId ?? null].filter(Boolean).join(" ");
  return { id, "aria-invalid": error ? true : undefined, "aria-describedby": describedBy || undefined };
}

export function FormField({
  id,
  label,
  error,
  hint,
  children,
  className,
}: {
  id: string;
  label: string;
  error?: string;
  hint?: React.ReactNode;
  children: React.ReactNode;
  className?: string;
}) {
  return (
    <div className={className ?? "grid gap-1.5"}>
      <Label htmlFor={id}>{label}</Label>
      {children}
      {hint ? (
        <p id={`${id}-hint`} className="text-muted-foreground text-xs">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className="text-destructive text-xs">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** Zod issues → { "path.joined": first message }, the same keys the server's `fields` use. */
export function issuesToFields(issues: readonly { path: readonly PropertyKey[]; message: string }[]): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of issues) {
    const key = issue.path.map(String).join(".") || "form";
    fields[key] ??= issue.message;
  }
  return fields;
}
