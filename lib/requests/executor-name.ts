/** The request executor's queue, and its name on the audit trail (lib/requests/execute-request.ts runs it). */
export const EXECUTOR = "requests.execute";
