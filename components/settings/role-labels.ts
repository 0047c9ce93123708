import type { Role } from "@/db/schema/users";

export const ROLE_OPTIONS: readonly { role: Role; label: string; description: string }[] = [
  { role: "employee", label: "Employee", description: "Requests cards and uses their own." },
  { role: "manager", label: "Manager", description: "Approves their team's requests." },
  { role: "finance", label: "Finance", description: "Issues, funds and controls every card." },
  { role: "auditor", label: "Auditor", description: "Reads everything, changes nothing." },
  { role: "admin", label: "Admin", description: "Manages people, teams, accounts and settings." },
];

export function roleLabel(role: Role): string {
  return ROLE_OPTIONS.find((option) => option.role === role)?.label ?? role;
}
