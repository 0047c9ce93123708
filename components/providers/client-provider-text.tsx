"use client";

import { lazy, Suspense } from "react";

const HAN = /\p{Script=Han}/u;
const ExplainedProviderText = lazy(() => import("./provider-text").then((module) => ({ default: module.ProviderText })));

/**
 * ProviderText for client components, whose provider words arrive with an action's answer: English text is shown as
 * it is, and only Chinese text loads the table of documented messages that explains it (so forms do not carry it).
 */
export function ClientProviderText({ text, quote = false }: { text: string; quote?: boolean }) {
  if (!HAN.test(text)) return <>{quote ? `“${text}”` : text}</>;
  return (
    <Suspense fallback={<span lang="zh">{quote ? `“${text}”` : text}</span>}>
      <ExplainedProviderText text={text} quote={quote} />
    </Suspense>
  );
}
