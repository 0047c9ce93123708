import { loggableError } from "@/lib/jobs/loggable-error";

/**
 * How long a form that sends an order (issue, top up, withdraw, freeze…) waits for the provider's first answer: a
 * refusal such as insufficient funds is then shown on the form, and a provider that answers later is followed on the
 * card's page instead of holding the form.
 */
export const FORM_ANSWER_WAIT_MS = 5_000;

/**
 * `work`'s result if it ends within `ms`, else "sending": the web request answers, and the work goes on in the
 * background, in this process, to its own end (a failure then is logged as `what`). For talking to a provider from a
 * form: one that hangs would otherwise hold the person through its whole timeout and retries (up to 45 s). A process
 * that dies meanwhile leaves the order recorded, which the reconcile job finds. Without `ms` (a job, not a person
 * waiting), the work is waited out.
 */
export async function answerWithin<T>(work: Promise<T>, ms: number | undefined, what: string): Promise<T | "sending"> {
  if (ms === undefined) return work;
  work.catch((error: unknown) => console.error(`[orders] ${what} failed unexpectedly: ${loggableError(error)}`));
  let timer: NodeJS.Timeout | undefined;
  const sending = new Promise<"sending">((resolve) => {
    timer = setTimeout(() => resolve("sending"), ms);
  });
  try {
    return await Promise.race([work, sending]);
  } finally {
    clearTimeout(timer);
  }
}
