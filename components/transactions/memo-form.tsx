"use client";

import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { Button } from "@/components/ui/button";
import { Label } from "@/components/ui/label";
import { updateMemoAction } from "@/lib/actions/transactions/update-memo";

const MAX = 500;

/**
 * The cardholder's own note on a transaction: kept in Cardhub only, and audited. Others read it. Once saved, the page's
 * list is refreshed from the server and `onSaved` runs (the drawer fetches its details again).
 */
export function MemoForm({
  transactionId,
  memo,
  editable,
  onSaved,
}: {
  transactionId: string;
  memo: string | null;
  editable: boolean;
  onSaved?: () => void;
}) {
  const router = useRouter();
  const [value, setValue] = useState(memo ?? "");
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [pending, startTransition] = useTransition();

  if (!editable) {
    return (
      <div className="grid gap-1 text-sm">
        <p className="font-medium">Memo</p>
        <p className={memo ? "break-words whitespace-pre-wrap" : "text-muted-foreground"}>
          {memo ?? "No memo. Only the cardholder can add one."}
        </p>
      </div>
    );
  }
  return (
    <form
      method="post"
      className="grid gap-2"
      onSubmit={(event) => {
        event.preventDefault();
        setError(null);
        setSaved(false);
        startTransition(async () => {
          const result = await updateMemoAction({ transactionId, memo: value });
          if (result.ok) {
            setSaved(true);
            router.refresh();
            onSaved?.();
          } else setError(result.error.fields?.memo ?? result.error.message);
        });
      }}
    >
      <Label htmlFor={`memo-${transactionId}`}>Memo</Label>
      <textarea
        id={`memo-${transactionId}`}
        name="memo"
        value={value}
        maxLength={MAX}
        rows={3}
        onChange={(event) => {
          setValue(event.target.value);
          setSaved(false);
        }}
        aria-invalid={error ? true : undefined}
        aria-describedby={`memo-${transactionId}-hint${error ? ` memo-${transactionId}-error` : ""}`}
        className="border-input focus-visible:border-ring focus-visible:ring-ring/50 aria-invalid:border-destructive dark:bg-input/30 min-h-16 w-full rounded-md border bg-transparent px-3 py-2 text-base shadow-xs outline-none focus-visible:ring-[3px] md:text-sm"
      />
      <p id={`memo-${transactionId}-hint`} className="text-muted-foreground text-xs">
        What it was for. Kept in Cardhub only, never sent to the provider. {value.length}/{MAX}
      </p>
      {error ? (
        <p id={`memo-${transactionId}-error`} role="alert" className="text-destructive text-sm">
          {error}
        </p>
      ) : null}
      <div className="flex items-center gap-3">
        <Button type="submit" size="sm" disabled={pending}>
          {pending ? "Saving…" : "Save memo"}
        </Button>
        <span role="status" className="text-muted-foreground text-sm">
          {saved ? "Memo saved." : ""}
        </span>
      </div>
    </form>
  );
}
