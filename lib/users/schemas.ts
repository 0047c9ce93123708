import { z } from "zod";
import { ROLE_NAMES } from "./role-names";
import { newPasswordSchema } from "./password-policy";
import { uuidSchema } from "@/lib/validation/uuid";
import { MANAGER_ROLE_NEEDED, namedManagerWithoutRole } from "@/lib/teams/manager-role";

const teamAssignment = z.object({ teamId: uuidSchema(), manager: z.boolean() });

const personFields = {
  name: z.string().trim().min(1, "Enter the person's name.").max(200, "Use at most 200 characters."),
  roles: z.array(z.enum(ROLE_NAMES)).min(1, "Give the person at least one role.").max(ROLE_NAMES.length),
  teams: z
    .array(teamAssignment)
    .max(100)
    .refine((items) => new Set(items.map((item) => item.teamId)).size === items.length, "A team is listed twice.")
    .default([]),
};

/**
 * A team's manager holds the manager role (lib/teams/manager-role.ts); checked once roles and teams are valid. A new
 * person only: on an edit updatePerson checks it after its four-eyes refusals, so an administrator making themselves a
 * manager is refused as a self-grant and audited, not turned away here as bad input.
 */
const managerHoldsRole = (person: { roles: readonly (typeof ROLE_NAMES)[number][]; teams: readonly { manager: boolean }[] }) => !namedManagerWithoutRole(person.roles, person.teams);
const onTeams = {
  path: ["teams"],
  message: MANAGER_ROLE_NEEDED,
  when: (payload: z.core.ParsePayload) => payload.issues.every((issue) => issue.path?.[0] !== "roles" && issue.path?.[0] !== "teams"),
};

/**
 * A new person's address as mail can carry it (RFC 5321: at most 64 characters before the @ and 254 in all), so an
 * invitation is never made out to an address that cannot receive it.
 */
const newEmailAddress = z
  .string()
  .trim()
  .toLowerCase()
  .max(254, "An email address has at most 254 characters.")
  .email("Enter a valid email address.")
  .refine((email) => email.split("@")[0]!.length <= 64, "The part before the @ has at most 64 characters.");

export const createPersonSchema = z.discriminatedUnion("method", [
  z.object({ ...personFields, email: newEmailAddress, method: z.literal("invite") }).refine(managerHoldsRole, onTeams),
  z.object({
    ...personFields,
    email: newEmailAddress,
    method: z.literal("password"),
    password: newPasswordSchema,
  }).refine(managerHoldsRole, onTeams),
]);
export type CreatePersonInput = z.output<typeof createPersonSchema>;

export const updatePersonSchema = z.object({
  userId: uuidSchema(),
  ...personFields,
  /** The roles and teams as the form showed them when it opened: a change made meanwhile is not overwritten. */
  loaded: z.object({ roles: z.array(z.enum(ROLE_NAMES)).max(ROLE_NAMES.length), teams: z.array(teamAssignment).max(100) }).optional(),
});
export type UpdatePersonInput = z.output<typeof updatePersonSchema>;

/** For the person dialog, which loads this module on submit: the manager-role rule, shown beside an edit's other problems. */
export { MANAGER_ROLE_NEEDED, namedManagerWithoutRole };

export const personIdSchema = z.object({ userId: uuidSchema() });
