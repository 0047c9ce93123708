import { describe, expect, it } from "vitest";
import { withTestDatabase } from "@/test/database";
import { consumeRateLimit, resetRateLimit, type RateLimitRule } from "./rate-limit";

const database = withTestDatabase();
const rule: RateLimitRule = { bucket: "test", max: 2, windowMinutes: 15 };

describe("consumeRateLimit", () => {
  it("tells exactly one of many parallel refusals that it is the first of its window, and again after a reset", async () => {
    const check = [{ rule, key: "someone" }];
    const results = await Promise.all(Array.from({ length: 12 }, () => consumeRateLimit(database.db(), check)));
    expect(results.filter((ticket) => !ticket.limited)).toHaveLength(2);
    expect(results.filter((ticket) => ticket.limited && ticket.firstRefusal)).toHaveLength(1);
    expect(await consumeRateLimit(database.db(), check)).toMatchObject({ limited: true, firstRefusal: false });

    await resetRateLimit(database.db(), rule, "someone");
    await consumeRateLimit(database.db(), check);
    await consumeRateLimit(database.db(), check);
    expect(await consumeRateLimit(database.db(), check)).toMatchObject({ limited: true, firstRefusal: true });
  });

  it("notes the first refusal per key, so each limited address or IP is recorded once", async () => {
    const byIp: RateLimitRule = { bucket: "test-ip", max: 1, windowMinutes: 15 };
    await consumeRateLimit(database.db(), [{ rule: byIp, key: "192.0.2.1" }]);
    expect(await consumeRateLimit(database.db(), [{ rule: byIp, key: "192.0.2.1" }])).toMatchObject({ limited: true, firstRefusal: true });
    expect(await consumeRateLimit(database.db(), [{ rule: byIp, key: "192.0.2.1" }])).toMatchObject({ limited: true, firstRefusal: false });
    await consumeRateLimit(database.db(), [{ rule: byIp, key: "192.0.2.2" }]);
    expect(await consumeRateLimit(database.db(), [{ rule: byIp, key: "192.0.2.2" }])).toMatchObject({ limited: true, firstRefusal: true });
  });
});
