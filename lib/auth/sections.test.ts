import { describe, expect, it } from "vitest";
import { ROLES, type Role } from "@/db/schema/users";
import { canOpenSection, SECTIONS, type Section } from "./sections";

const EXPECTED: Record<Role, Section[]> = {
  employee: ["overview", "cards", "requests", "transactions"],
  manager: ["overview", "cards", "requests", "transactions", "audit"],
  finance: ["overview", "cards", "requests", "transactions", "funding", "audit"],
  auditor: ["overview", "cards", "requests", "transactions", "funding", "audit"],
  admin: ["overview", "cards", "requests", "transactions", "funding", "audit", "settings"],
};

describe("canOpenSection", () => {
  for (const role of ROLES) {
    it(`gives ${role} exactly ${EXPECTED[role].join(", ")}`, () => {
      const actor = { id: "u", organizationId: "o", roles: [role], teamIds: [], managedTeamIds: [] };
      expect(SECTIONS.filter((section) => canOpenSection(actor, section))).toEqual(EXPECTED[role]);
    });
  }
});
