import { explainChinese } from "@/lib/providers/chinese-messages";
import { ProviderTextView } from "./provider-text-view";

/** A provider's own words, with an English explanation of any Chinese in them (see ProviderTextView). */
export function ProviderText({ text, quote = false }: { text: string; quote?: boolean }) {
  return <ProviderTextView text={text} explanation={explainChinese(text)} quote={quote} />;
}
