import type { Role } from "@/db/schema/users";

/** Every role, as plain data: forms and their schemas use this so the database schema stays out of browser bundles. */
export const ROLE_NAMES = ["employee", "manager", "finance", "auditor", "admin"] as const satisfies readonly Role[];

// Does not compile when the schema gains a role this list lacks.
const everyRoleListed: [Exclude<Role, (typeof ROLE_NAMES)[number]>] extends [never] ? true : never = true;
void everyRoleListed;
