import { sql } from "drizzle-orm";
import { getDb } from "@/db/client";

export const dynamic = "force-dynamic";

const TIMEOUT_MS = 2000;

export async function GET(): Promise<Response> {
  const headers = { "Cache-Control": "no-store" };
  try {
    await Promise.race([
      getDb().execute(sql`select 1`),
      new Promise((_, reject) => setTimeout(() => reject(new Error("database timeout")), TIMEOUT_MS)),
    ]);
    return Response.json({ status: "ok", db: "ok" }, { headers });
  } catch {
    return Response.json({ status: "error", db: "unavailable" }, { status: 503, headers });
  }
}
