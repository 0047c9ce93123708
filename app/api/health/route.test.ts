import { afterEach, describe, expect, it } from "vitest";
import { closeDb } from "@/db/client";
import { withTestDatabase } from "@/test/database";
import { GET } from "./route";

const database = withTestDatabase();

afterEach(async () => {
  await closeDb();
  process.env.DATABASE_URL = database.url();
});

describe("GET /api/health", () => {
  it("answers 200 when the database answers", async () => {
    const response = await GET();
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok", db: "ok" });
    expect(response.headers.get("cache-control")).toBe("no-store");
  });

  it("answers 503 when it does not", async () => {
    await closeDb();
    process.env.DATABASE_URL = "postgres://nobody:nothing@127.0.0.1:1/none";
    const response = await GET();
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ status: "error" });
  });
});
