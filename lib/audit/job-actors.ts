/**
 * A job on the audit trail (DESIGN.md: every row names who or what acted, a job by name): its actor is its pg-boss
 * queue name behind "job:", which the audit log shows in words. Kept free of the jobs themselves, so the audit wording
 * and the list query read it without loading them; lib/jobs/job-actor-labels.test.ts holds every registered job to a
 * label here.
 */
const JOB_PREFIX = "job:";

/** Each job's name as the audit log shows it, by queue name. */
const JOB_LABELS = new Map<string, string>([
  ["cards.sync", "Card sync"],
  ["cards.refresh", "Card read after a provider request"],
  ["orders.follow", "Provider request follow-up"],
  ["orders.reconcile", "Provider request catch-up"],
  ["products.refresh", "Product refresh"],
  ["maintenance.prune-rate-limits", "Attempt limit clean-up"],
  ["funding.refresh", "Funding balance refresh"],
  ["audit.verify-chain", "Audit chain verification"],
  ["requests.execute", "Request execution"],
  ["requests.sweep", "Request execution catch-up"],
  ["transactions.sync", "Transaction sync"],
  ["webhooks.process", "Webhook processing"],
  ["webhooks.process-pending", "Webhook catch-up"],
  ["statements.sync", "Statement read"],
]);

const SHOWN_SUFFIX = " (job)";

/** The audit actor of the job on the queue `queue`: "job:cards.sync". */
export function jobActor(queue: string): string {
  return `${JOB_PREFIX}${queue}`;
}

/**
 * How the audit log names a recorded job actor: "Card sync (job)"; a job it has no words for by its recorded name,
 * as it stands. Null when `actorEmail` names no job.
 */
export function jobActorLabel(actorEmail: string): string | null {
  if (!actorEmail.startsWith(JOB_PREFIX)) return null;
  const label = JOB_LABELS.get(actorEmail.slice(JOB_PREFIX.length));
  return label ? `${label}${SHOWN_SUFFIX}` : actorEmail;
}

/**
 * The job actors whose words contain what was typed into the Actor filter ("card sync", or "Card sync (job)" as the
 * log shows it), lower case as the list query compares them. Nothing for text that is only "(job)".
 */
export function jobActorsMatching(typed: string): string[] {
  const text = typed.trim().toLowerCase();
  const words = text.endsWith(SHOWN_SUFFIX.trim()) ? text.slice(0, -SHOWN_SUFFIX.trim().length).trim() : text;
  if (!words) return [];
  return [...JOB_LABELS].filter(([, label]) => label.toLowerCase().includes(words)).map(([queue]) => jobActor(queue).toLowerCase());
}
