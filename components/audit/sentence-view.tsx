import { IntentLink } from "@/components/layout/intent-link";
import { ProviderTextView } from "@/components/providers/provider-text-view";
import type { Sentence } from "./sentence";

/** A link inside an audit sentence: underlined faintly, so a sentence with several links still reads as text. */
const AUDIT_LINK_CLASS = "text-primary font-medium underline decoration-current/30 underline-offset-4 hover:decoration-current focus-visible:decoration-current";

/** Renders a sentence the server worded: on the server (histories, the overview) and in the audit table's bundle. */
export function SentenceView({ sentence }: { sentence: Sentence }) {
  return (
    <>
      {sentence.map((part, index) =>
        typeof part === "string" ? (
          part
        ) : "link" in part ? (
          <IntentLink key={index} href={part.link} className={AUDIT_LINK_CLASS} title={part.title}>
            {part.text}
          </IntentLink>
        ) : "provider" in part ? (
          <ProviderTextView key={index} text={part.provider} explanation={part.explanation} quote />
        ) : (
          <span key={index} className="text-muted-foreground">
            {part.muted}
          </span>
        ),
      )}
    </>
  );
}
