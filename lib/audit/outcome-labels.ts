/** How each audit outcome reads, for the outcome badge and the outcome filter. */
export const OUTCOME_LABELS: Record<string, string> = { success: "Succeeded", denied: "Denied", failure: "Failed" };
