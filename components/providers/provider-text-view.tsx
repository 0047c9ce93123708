import type { ChineseExplanation } from "@/lib/providers/chinese-messages";

const HAN_RUN = /(\p{Script=Han}[\p{Script=Han}\u3000-\u303f\uff00-\uffef]*)/u;

/**
 * A provider's own words exactly as they came, and beside them, when they are in Chinese, what they mean in plain
 * English (worked out by the caller with explainChinese, so the table of documented messages stays on the server).
 * The Chinese is marked lang="zh" so a screen reader reads it in Chinese rather than spelling it out. `quote` puts
 * the words in quotation marks and the explanation after them, so it is not read as the provider's.
 */
export function ProviderTextView({ text, explanation, quote = false }: { text: string; explanation: ChineseExplanation | null; quote?: boolean }) {
  const [open, close] = quote ? ["“", "”"] : ["", ""];
  if (!explanation) return <>{`${open}${text}${close}`}</>;
  return (
    <>
      {open}
      {text.split(HAN_RUN).map((part, index) =>
        index % 2 === 1 ? (
          <span key={index} lang="zh">
            {part}
          </span>
        ) : (
          part
        ),
      )}
      {close}{" "}
      <span className="text-muted-foreground">
        {explanation.known
          ? `(In English${explanation.complete ? "" : ", in part"}: ${explanation.english.replace(/\.$/, "")}.)`
          : "(In Chinese: not a message the provider's documents explain.)"}
      </span>
    </>
  );
}
