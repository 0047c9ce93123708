import { existsSync, readFileSync } from "node:fs";
import { CheckpointTampered, readLatestCheckpoint } from "@/lib/audit/anchor";
import { verifyAuditChain } from "@/lib/audit/verify";
import { verifyAuditCsv } from "@/lib/audit/verify-csv";
import { openOperatorDb, type OperatorDb } from "./lib/operator-db";

const USAGE = `npm run audit:verify [-- --csv <file> [--complete]]
  without --csv: recomputes the whole chain in the database (DATABASE_URL, or the dev database in .data/pg) and
                 checks it against the newest signed checkpoint in AUDIT_ANCHOR_DIR.
  --csv <file>:  checks an exported audit CSV offline: every row's hash, and the links between rows.
  --complete:    with --csv, also require one unbroken chain from the first row ever written (an unfiltered export
                 of a single-organisation install).
Needs AUDIT_HMAC_KEY (the dev key is read from .data/dev-secrets.json). Exit 0 intact, 1 broken, 2 could not check.`;

function hmacKey(): string {
  const key = process.env.AUDIT_HMAC_KEY;
  if (!key) throw new Error("AUDIT_HMAC_KEY is not set: the chain cannot be checked without its key.");
  return key;
}

function verifyCsvFile(file: string, complete: boolean): number {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    console.error(`audit:verify: cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  }
  const result = verifyAuditCsv(text, hmacKey());
  if (!result.ok) {
    console.error(`audit:verify: ${file} is BROKEN: ${result.problem}.`);
    return 1;
  }
  if (complete && (result.segments > 1 || !result.fromGenesis)) {
    console.error(`audit:verify: ${file} is BROKEN: not one chain from the first row (${result.segments} segments${result.fromGenesis ? "" : ", does not start at the first row"}); rows are missing.`);
    return 1;
  }
  console.log(
    `audit:verify: ${file}: all ${result.rows} rows match their hashes; ${result.segments} chain segment${result.segments === 1 ? "" : "s"}` +
      (result.segments > 1 ? " (expected for a filtered or single-organisation export)" : "") +
      (result.fromGenesis ? ", starting at the first row ever written." : "."),
  );
  return 0;
}

async function verifyDatabase(): Promise<number> {
  let operator: OperatorDb;
  try {
    operator = await openOperatorDb("audit:verify");
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    return 2;
  }
  try {
    const key = hmacKey();
    const anchorDir = process.env.AUDIT_ANCHOR_DIR;
    const checkpoint = anchorDir ? readLatestCheckpoint(anchorDir, key) : null;
    if (!anchorDir) console.warn("audit:verify: AUDIT_ANCHOR_DIR is not set: rows deleted from the end of the chain cannot be detected.");
    const result = await verifyAuditChain(operator.db, { key, checkpoint });
    if (result.ok) {
      const anchored = checkpoint ? `, consistent with the signed checkpoint of ${checkpoint.createdAt} (${checkpoint.rowCount} rows)` : "";
      console.log(`audit:verify: chain intact, ${result.checked} rows checked${anchored}.`);
      return 0;
    }
    console.error(`audit:verify: chain BROKEN at row ${result.firstBadId}: ${result.reason} (${result.checked} rows before it verified).`);
    return 1;
  } catch (error) {
    if (error instanceof CheckpointTampered) {
      console.error(`audit:verify: chain BROKEN: ${error.message}.`);
      return 1;
    }
    const cause = error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
    console.error(`audit:verify: could not check the chain: ${cause}`);
    return 2;
  } finally {
    await operator.close();
  }
}

async function main(argv: string[]): Promise<number> {
  if (argv.includes("--help") || argv.includes("-h")) {
    console.log(USAGE);
    return 0;
  }
  const csvAt = argv.indexOf("--csv");
  try {
    if (csvAt >= 0) {
      const file = argv[csvAt + 1];
      if (!file || file.startsWith("--")) {
        console.error(`audit:verify: --csv needs a file.\n${USAGE}`);
        return 2;
      }
      if (!process.env.AUDIT_HMAC_KEY && !process.env.DATABASE_URL && existsSync(".data/dev-secrets.json")) {
        // The dev key, as the database mode would load it.
        const { loadDevSecrets } = await import("./lib/dev-secrets");
        process.env.AUDIT_HMAC_KEY = loadDevSecrets(".data").AUDIT_HMAC_KEY;
      }
      return verifyCsvFile(file, argv.includes("--complete"));
    }
    return await verifyDatabase();
  } catch (error) {
    console.error(`audit:verify: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  }
}

// An explicit exit: a library's exit hook must not turn a broken chain into a success.
process.exit(await main(process.argv.slice(2)));
