import type { ChineseExplanation } from "@/lib/providers/chinese-messages";

/**
 * An audit event as a sentence, as data: text, links and provider quotes. The server words it (describe-event.ts,
 * with the labels it looked up); the browser only renders it (sentence-view.tsx), so neither the wording nor the
 * rows' recorded summaries ship to the browser.
 */
export type LinkPart = { link: string; text: string; title?: string };
/** A provider's own words in quotation marks, with their English meaning when they are Chinese. */
export type ProviderPart = { provider: string; explanation: ChineseExplanation | null };
export type MutedPart = { muted: string };
export type SentencePart = string | LinkPart | ProviderPart | MutedPart;
export type Sentence = SentencePart[];

type Piece = SentencePart | Sentence | null | undefined | false;

/** A sentence as plain text, as the page reads: a link's words, a provider's own words, muted text as it is. */
export function sentenceText(sentence: Sentence): string {
  return sentence.map((part) => (typeof part === "string" ? part : "text" in part ? part.text : "provider" in part ? part.provider : part.muted)).join("");
}

/** Builds a sentence from a template: `` words`${who} froze ${card}.` ``. Empty pieces vanish, adjacent text joins. */
export function words(strings: TemplateStringsArray, ...values: Piece[]): Sentence {
  const sentence: Sentence = [];
  const push = (part: SentencePart) => {
    if (typeof part === "string") {
      if (part === "") return;
      const last = sentence[sentence.length - 1];
      if (typeof last === "string") {
        sentence[sentence.length - 1] = last + part;
        return;
      }
    }
    sentence.push(part);
  };
  strings.forEach((text, index) => {
    push(text);
    const value = values[index];
    if (Array.isArray(value)) value.forEach(push);
    else if (value !== null && value !== undefined && value !== false) push(value);
  });
  return sentence;
}

/** Sentences as one list: "A", "A and B", "A, B and C". */
export function sentenceList(items: readonly Sentence[]): Sentence {
  const list: Sentence = [];
  items.forEach((item, index) => {
    if (index > 0) list.push(index === items.length - 1 ? " and " : ", ");
    list.push(...item);
  });
  return list;
}

export const link = (href: string, text: string, title?: string): LinkPart => (title ? { link: href, text, title } : { link: href, text });
export const providerQuote = (text: string, explanation: ChineseExplanation | null): ProviderPart => ({ provider: text, explanation });

