import { executeRequestJob, sweepRequestsJob } from "./execute-request-job";
import { followOrderJob } from "./follow-order-job";
import type { JobDefinition } from "./job";
import { pruneRateLimitsJob } from "./prune-rate-limits";
import { reconcileOrdersJob } from "./reconcile-orders-job";
import { refreshCardJob } from "./refresh-card-job";
import { refreshFundingJob } from "./refresh-funding-job";
import { refreshProductsJob } from "./refresh-products-job";
import { syncCardsJob } from "./sync-cards-job";
import { processPendingWebhooksJob, processWebhookJob } from "./process-webhook-job";
import { syncStatementsJob } from "./sync-statements-job";
import { syncTransactionsJob } from "./sync-transactions-job";
import { verifyAuditChainJob } from "./verify-audit-chain-job";

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each job narrows its own payload type
export const JOBS: JobDefinition<any>[] = [
  followOrderJob,
  reconcileOrdersJob,
  syncCardsJob,
  refreshCardJob,
  refreshProductsJob,
  pruneRateLimitsJob,
  refreshFundingJob,
  verifyAuditChainJob,
  executeRequestJob,
  sweepRequestsJob,
  syncTransactionsJob,
  processWebhookJob,
  processPendingWebhooksJob,
  syncStatementsJob,
];

/** Run once when a worker starts, so a fresh install has products and cards without waiting for the clock. */
export const STARTUP_JOBS = [refreshProductsJob.name, syncCardsJob.name, reconcileOrdersJob.name, refreshFundingJob.name, sweepRequestsJob.name, syncStatementsJob.name];
