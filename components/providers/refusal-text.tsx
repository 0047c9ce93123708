import { explainChinese } from "@/lib/providers/chinese-messages";
import { refusalReason } from "@/lib/providers/refusal-reason";
import { ProviderTextView } from "./provider-text-view";

/** Why the provider refused an order, said once (refusalReason), with an English explanation of any Chinese in it. */
export function RefusalText({ message, orderType, quote = false }: { message: string; orderType: string | null; quote?: boolean }) {
  const explanation = explainChinese(message);
  return <ProviderTextView text={refusalReason(message, explanation, orderType)} explanation={explanation} quote={quote} />;
}
