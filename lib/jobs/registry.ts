import type { JobDefinition } from "./job";
import { pruneRateLimitsJob } from "./prune-rate-limits";

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each job narrows its own payload type
export const JOBS: JobDefinition<any>[] = [pruneRateLimitsJob];
