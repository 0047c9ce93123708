import { z } from "zod";
import { ROLE_NAMES } from "./role-names";
import { newPasswordSchema } from "./password-policy";
import { uuidSchema } from "@/lib/validation/uuid";

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

export const createPersonSchema = z.discriminatedUnion("method", [
  z.object({ ...personFields, email: z.string().trim().toLowerCase().max(320).email("Enter a valid email address."), method: z.literal("invite") }),
  z.object({
    ...personFields,
    email: z.string().trim().toLowerCase().max(320).email("Enter a valid email address."),
    method: z.literal("password"),
    password: newPasswordSchema,
  }),
]);
export type CreatePersonInput = z.output<typeof createPersonSchema>;

export const updatePersonSchema = z.object({
  userId: uuidSchema(),
  ...personFields,
  /** The roles and teams as the form showed them when it opened: a change made meanwhile is not overwritten. */
  loaded: z.object({ roles: z.array(z.enum(ROLE_NAMES)).max(ROLE_NAMES.length), teams: z.array(teamAssignment).max(100) }).optional(),
});
export type UpdatePersonInput = z.output<typeof updatePersonSchema>;

export const personIdSchema = z.object({ userId: uuidSchema() });
