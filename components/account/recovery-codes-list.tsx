"use client";

import { useState } from "react";
import { Check, Copy } from "lucide-react";
import { Button } from "@/components/ui/button";

/** Shown once, right after they are made: only their hashes are kept. */
export function RecoveryCodesList({ codes }: { codes: string[] }) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="grid gap-3">
      <p className="text-sm">
        Save these ten recovery codes somewhere safe, such as your password manager. Each one lets you sign in once without your phone.{" "}
        <strong>They are not shown again.</strong>
      </p>
      <ol aria-label="Recovery codes" className="bg-muted grid grid-cols-2 gap-2 rounded-md p-4 font-mono text-sm">
        {codes.map((code) => (
          <li key={code}>{code}</li>
        ))}
      </ol>
      <div>
        <Button
          type="button"
          variant="outline"
          onClick={() =>
            void navigator.clipboard.writeText(codes.join("\n")).then(
              () => setCopied(true),
              () => setCopied(false),
            )
          }
        >
          {copied ? <Check aria-hidden /> : <Copy aria-hidden />}
          <span aria-live="polite">{copied ? "Copied" : "Copy all codes"}</span>
        </Button>
      </div>
    </div>
  );
}
