import { z } from "zod";

const teamName = z.string().trim().min(1, "Enter a team name.").max(100, "Use at most 100 characters.");

export const createTeamSchema = z.object({ name: teamName });

export const updateTeamSchema = z.object({
  teamId: z.string().uuid(),
  name: teamName,
  members: z
    .array(z.object({ userId: z.string().uuid(), manager: z.boolean() }))
    .max(1000)
    .refine((items) => new Set(items.map((item) => item.userId)).size === items.length, "A person is listed twice."),
});
export type UpdateTeamInput = z.output<typeof updateTeamSchema>;
