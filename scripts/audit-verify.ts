import { verifyAuditChain } from "@/lib/audit/verify";
import { openOperatorDb, type OperatorDb } from "./lib/operator-db";

/**
 * `npm run audit:verify`: recomputes the whole audit chain and exits 1 naming the first row that does not match.
 * Uses DATABASE_URL, or the dev launcher's embedded database (.data/pg) when it is unset. Read-only: it records nothing.
 */
async function main(): Promise<number> {
  let operator: OperatorDb;
  try {
    operator = await openOperatorDb("audit:verify");
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    return 2;
  }
  try {
    const result = await verifyAuditChain(operator.db);
    if (result.ok) {
      console.log(`audit:verify: chain intact, ${result.checked} rows checked.`);
      return 0;
    }
    console.error(`audit:verify: chain BROKEN at row ${result.firstBadId}: ${result.reason} (${result.checked} rows before it verified).`);
    return 1;
  } catch (error) {
    const cause = error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
    console.error(`audit:verify: could not check the chain: ${cause}`);
    return 2;
  } finally {
    await operator.close();
  }
}

// An explicit exit: a library's exit hook must not turn a broken chain into a success.
process.exit(await main());
