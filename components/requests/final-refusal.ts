import type { ActionFailure } from "@/lib/actions/result";

/**
 * Whether a decision's refusal stands however often it is sent again: the request moved on (cancelled, decided or
 * withdrawn meanwhile, lib/requests/decide-request.ts says by whom), its card changed, or the approver may not take
 * the step. A dialog then offers only Close; a failure to reach Cardhub, or a field to correct, leaves it to retry.
 */
export const refusalIsFinal = (failure: ActionFailure | null): boolean => failure !== null && ["conflict", "forbidden", "not_found"].includes(failure.code);
