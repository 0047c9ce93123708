import { z } from "zod";
import { uuidSchema } from "@/lib/validation/uuid";

const teamName = z.string().trim().min(1, "Enter a team name.").max(100, "Use at most 100 characters.");

export const createTeamSchema = z.object({ name: teamName });

/** One team, named by its id: deleting, archiving or restoring it. */
export const teamChoiceSchema = z.object({ teamId: uuidSchema() });

const memberList = z
  .array(z.object({ userId: uuidSchema(), manager: z.boolean() }))
  .max(1000)
  .refine((items) => new Set(items.map((item) => item.userId)).size === items.length, "A person is listed twice.");

export const updateTeamSchema = z.object({
  teamId: uuidSchema(),
  name: teamName,
  members: memberList,
  /** The members as the form showed them when it was opened: the edit is refused if the team changed since. */
  loadedMembers: memberList.optional(),
});
export type UpdateTeamInput = z.output<typeof updateTeamSchema>;
