import { beforeAll, describe, expect, it } from "vitest";
import { createSession } from "@/db/queries/sessions";
import { seedDemo } from "@/db/seed";
import { withTestDatabase } from "@/test/database";
import { sessionUserFor, TEST_META } from "@/test/session-user";
import { acceptInvitation } from "./accept-invitation";
import { adminContextFor, type AdminContext } from "./admin-context";
import { createPerson } from "./create-person";
import { findInvitation } from "./invitations";
import { resetPassword } from "./reset-password";
import { setsFirstPassword } from "./first-password";

const database = withTestDatabase();
const db = () => database.db();
let admin: AdminContext;

beforeAll(async () => {
  await seedDemo(db(), { sandboxUrl: "http://127.0.0.1:9" });
  admin = adminContextFor({ user: await sessionUserFor(db(), "admin@demo.test"), meta: TEST_META });
});

const tokenOf = (url: string) => new URL(url).pathname.split("/").pop()!;
const linkOf = async (url: string) => (await findInvitation(db(), tokenOf(url)))!;
const invite = (slug: string, method: "invite" | "password" = "invite") => {
  const person = { name: `First ${slug}`, email: `first-${slug}@demo.test`, roles: ["employee" as const], teams: [] };
  return createPerson(db(), admin, method === "invite" ? { ...person, method } : { ...person, method, password: "an initial passphrase" });
};

describe("whether a password link sets the person's first password (the invitation page's welcome)", () => {
  it("is so for an invitation", async () => {
    const { invitation } = await invite("fresh");
    expect(await setsFirstPassword(db(), await linkOf(invitation!.url))).toBe(true);
  });

  it("is so for a new link for someone invited who never used a link nor signed in: a new invitation", async () => {
    const { userId } = await invite("relinked");
    const again = await resetPassword(db(), admin, { userId });
    const link = await linkOf(again.url);
    expect(link.purpose).toBe("invite");
    expect(await setsFirstPassword(db(), link)).toBe(true);
  });

  it("is so for a reset link of someone who never used a link nor signed in (an initial password, reset before they used it)", async () => {
    const { userId } = await invite("never-used", "password");
    const reset = await resetPassword(db(), admin, { userId });
    const link = await linkOf(reset.url);
    expect(link.purpose).toBe("reset");
    expect(await setsFirstPassword(db(), link)).toBe(true);
  });

  it("is not so once the person set a password through an earlier link", async () => {
    const { userId, invitation } = await invite("accepted");
    await acceptInvitation(db(), TEST_META, { token: tokenOf(invitation!.url), password: "an accepted passphrase" });
    const reset = await resetPassword(db(), admin, { userId });
    expect(await setsFirstPassword(db(), await linkOf(reset.url))).toBe(false);
  });

  it("is not so for someone who has signed in (an initial password from an administrator, or a seeded account)", async () => {
    const { userId } = await invite("signed-in", "password");
    await createSession(db(), { userId, expiresAt: new Date(Date.now() + 3_600_000), ip: null, userAgent: null });
    const reset = await resetPassword(db(), admin, { userId });
    expect(await setsFirstPassword(db(), await linkOf(reset.url))).toBe(false);
  });
});
