import { beforeAll, describe, expect, it, vi } from "vitest";
import { findPerson } from "@/db/queries/people";
import { withTestDatabase } from "@/test/database";
import { failureCodes } from "@/test/failure-codes";
import { seedOfflineDemo } from "@/test/offline-demo";
import { pausePoint } from "@/test/pause-point";
import { sessionUserFor, TEST_META } from "@/test/session-user";
import { adminContextFor } from "./admin-context";
import { setPersonActive } from "./set-person-active";
import { updatePerson } from "./update-person";

vi.mock("@/lib/jobs/queue", () => ({ enqueue: async () => undefined }));

// A pause point right after a change has locked the person's row (and whatever it took before it).
const afterRowLock = pausePoint();
vi.mock("@/db/queries/users", async (importOriginal) => {
  const original = await importOriginal<typeof import("@/db/queries/users")>();
  return {
    ...original,
    lockUsers: async (...args: Parameters<typeof original.lockUsers>) => {
      await original.lockUsers(...args);
      await afterRowLock.reach();
    },
  };
});

const database = withTestDatabase();
const db = () => database.db();
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const as = async (email: string) => adminContextFor({ user: await sessionUserFor(db(), email), meta: TEST_META });
const personOf = async (email: string) => (await findPerson(db(), (await sessionUserFor(db(), email)).id))!;

async function makeAdmin(email: string): Promise<void> {
  const person = await personOf(email);
  if (person.roles.includes("admin") && person.active) return;
  const ada = await as("admin@demo.test");
  if (!person.active) await setPersonActive(db(), ada, { userId: person.id, active: true });
  await updatePerson(db(), ada, { userId: person.id, name: person.name, roles: [...new Set([...person.roles, "admin" as const])], teams: person.teams.map((team) => ({ teamId: team.teamId, manager: team.manager })) });
}

beforeAll(async () => {
  await seedOfflineDemo(db());
  // Bob (finance2) administers too; Carl (the auditor) is the admin both act on.
  await makeAdmin("finance2@demo.test");
});

// SECURITY (lock order, lib/users/update-person.ts): both changes that can take away an organisation's last active
// admin take the organisation's row before the person's; deactivating took them the other way round, and an admin
// deactivating Carl while another demoted him deadlocked (PostgreSQL aborted one with 40P01).
describe("one admin deactivates another admin while a third demotes them", () => {
  it("takes turns when the deactivation locks first: both succeed", async () => {
    await makeAdmin("auditor@demo.test");
    const carl = await personOf("auditor@demo.test");
    const [ada, bob] = [await as("admin@demo.test"), await as("finance2@demo.test")];

    const { reached, release } = afterRowLock.arm();
    const deactivating = setPersonActive(db(), ada, { userId: carl.id, active: false });
    await reached;
    const demoting = updatePerson(db(), bob, { userId: carl.id, name: carl.name, roles: carl.roles.filter((role) => role !== "admin"), teams: [] });
    await pause(300);
    release();
    const results = await Promise.allSettled([deactivating, demoting]);

    expect(failureCodes(results)).toEqual([]);
    expect(await personOf("auditor@demo.test")).toMatchObject({ active: false, roles: ["auditor"] });
  });

  it("takes turns when the demotion locks first: both succeed", async () => {
    await makeAdmin("auditor@demo.test");
    const carl = await personOf("auditor@demo.test");
    const [ada, bob] = [await as("admin@demo.test"), await as("finance2@demo.test")];

    const { reached, release } = afterRowLock.arm();
    const demoting = updatePerson(db(), bob, { userId: carl.id, name: carl.name, roles: carl.roles.filter((role) => role !== "admin"), teams: [] });
    await reached;
    const deactivating = setPersonActive(db(), ada, { userId: carl.id, active: false });
    await pause(300);
    release();
    const results = await Promise.allSettled([demoting, deactivating]);

    expect(failureCodes(results)).toEqual([]);
    expect(await personOf("auditor@demo.test")).toMatchObject({ active: false, roles: ["auditor"] });
  });
});
