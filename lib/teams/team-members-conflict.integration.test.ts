import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { findPerson } from "@/db/queries/people";
import { teamMembers } from "@/db/queries/team-admin";
import { teams } from "@/db/schema/teams";
import { userRoles, users } from "@/db/schema/users";
import { adminContextFor } from "@/lib/users/admin-context";
import { updatePerson } from "@/lib/users/update-person";
import { withTestDatabase } from "@/test/database";
import { seedOfflineDemo } from "@/test/offline-demo";
import { sessionUserFor, TEST_META } from "@/test/session-user";
import { MEMBERS_CHANGED, updateTeam } from "./manage-teams";
import { updateTeamSchema } from "./schemas";
import { teamIdNamed } from "@/test/team-named";

const database = withTestDatabase();
const db = () => database.db();
let marketing = "";

beforeAll(async () => {
  await seedOfflineDemo(db());
  marketing = await teamIdNamed(db(), "Marketing");
  // A second administrator, for two edits at once.
  const [ari] = await db().insert(users).values({ organizationId: (await as("admin")).organizationId, email: "admin2@demo.test", name: "Ari Admin", passwordHash: "x" }).returning();
  await db().insert(userRoles).values({ userId: ari!.id, role: "admin" });
});

const as = (who: string) => sessionUserFor(db(), `${who}@demo.test`);
const contextOf = async (who: string) => adminContextFor({ user: await as(who), meta: TEST_META });
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let people = 0;
async function newcomer(): Promise<string> {
  people += 1;
  const [person] = await db().insert(users).values({ organizationId: (await as("admin")).organizationId, email: `newcomer${people}@demo.test`, name: `Nico Newcomer ${people}`, passwordHash: "x" }).returning();
  await db().insert(userRoles).values({ userId: person!.id, role: "employee" });
  return person!.id;
}

/** An admin saves the Marketing form opened on `loaded`, with `userId` added as a member. */
const addWith = async (who: string, loaded: { userId: string; manager: boolean }[], userId: string) =>
  updateTeam(db(), await contextOf(who), updateTeamSchema.parse({ teamId: marketing, name: "Marketing", members: [...loaded, { userId, manager: false }], loadedMembers: loaded }));

describe("two administrators editing one team's members", () => {
  it("refuses the second save of a form opened before the first, on the members field, instead of undoing the first", async () => {
    const loaded = await teamMembers(db(), marketing);
    const [nico, nina] = [await newcomer(), await newcomer()];
    await addWith("admin", loaded, nico);
    await expect(addWith("admin2", loaded, nina)).rejects.toMatchObject({ code: "conflict", message: MEMBERS_CHANGED, fields: { members: MEMBERS_CHANGED } });
    expect((await teamMembers(db(), marketing)).map((member) => member.userId)).toContain(nico);
    expect((await teamMembers(db(), marketing)).map((member) => member.userId)).not.toContain(nina);
    // Reopened on the list as it now stands, the second edit goes through and keeps the first.
    await addWith("admin2", await teamMembers(db(), marketing), nina);
    expect((await teamMembers(db(), marketing)).map((member) => member.userId)).toEqual(expect.arrayContaining([nico, nina]));
  });

  it("refuses it too when the team changed through someone's own page (Settings → People)", async () => {
    const loaded = await teamMembers(db(), marketing);
    const [olga, omid] = [await newcomer(), await newcomer()];
    const person = (await findPerson(db(), olga))!;
    await updatePerson(db(), await contextOf("admin2"), { userId: olga, name: person.name, roles: ["employee"], teams: [{ teamId: marketing, manager: false }] });
    await expect(addWith("admin", loaded, omid)).rejects.toMatchObject({ code: "conflict", fields: { members: MEMBERS_CHANGED } });
    expect((await findPerson(db(), olga))!.teams).toEqual([{ teamId: marketing, manager: false }]);
  });

  it("takes turns at the same moment: the team's row is locked, so exactly one of two saves of the same form wins", async () => {
    const loaded = await teamMembers(db(), marketing);
    const [pia, paz] = [await newcomer(), await newcomer()];
    const results = await Promise.allSettled([addWith("admin", loaded, pia), pause(5).then(() => addWith("admin2", loaded, paz))]);

    expect(results.map((result) => result.status).sort()).toEqual(["fulfilled", "rejected"]);
    expect((results.find((result) => result.status === "rejected") as PromiseRejectedResult).reason).toMatchObject({ code: "conflict", fields: { members: MEMBERS_CHANGED } });
    const now = (await teamMembers(db(), marketing)).map((member) => member.userId);
    expect(now.filter((id) => id === pia || id === paz)).toHaveLength(1);
    expect(now).toEqual(expect.arrayContaining(loaded.map((member) => member.userId)));
  });

  /** Runs `save` while another transaction holds Marketing's row; says whether it finished before the row was let go. */
  async function whileTeamHeld(save: () => Promise<unknown>): Promise<{ before: boolean; after: boolean }> {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let held!: () => void;
    const isHeld = new Promise<void>((resolve) => (held = resolve));
    const other = db().transaction(async (tx) => {
      await tx.select({ id: teams.id }).from(teams).where(eq(teams.id, marketing)).for("no key update");
      held();
      await gate;
    });
    await isHeld;
    let saved = false;
    const saving = save().then(() => (saved = true));
    await pause(400);
    const before = saved;
    release();
    await Promise.all([saving, other]);
    return { before, after: saved };
  }

  it("waits for the team's row while another change to the team holds it, on Settings → Teams and Settings → People", async () => {
    const [quinn, rosa] = [await newcomer(), await newcomer()];
    expect(await whileTeamHeld(async () => addWith("admin", await teamMembers(db(), marketing), quinn))).toEqual({ before: false, after: true });
    const person = (await findPerson(db(), rosa))!;
    expect(await whileTeamHeld(async () => updatePerson(db(), await contextOf("admin"), { userId: rosa, name: person.name, roles: ["employee"], teams: [{ teamId: marketing, manager: false }] }))).toEqual({ before: false, after: true });
  });
});
