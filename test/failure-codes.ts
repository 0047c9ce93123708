/** PostgreSQL's codes and messages of the changes that failed, e.g. "40P01 deadlock detected": for race tests. */
export function failureCodes(results: PromiseSettledResult<unknown>[]): string[] {
  return results
    .filter((result): result is PromiseRejectedResult => result.status === "rejected")
    .map((result) => {
      const reason = result.reason as { code?: string; cause?: { code?: string; message?: string }; message?: string };
      return `${reason.cause?.code ?? reason.code ?? ""} ${reason.cause?.message ?? reason.message ?? String(reason)}`;
    });
}
