"use client";

import { NativeSelect } from "@/components/ui/native-select";
import { fieldProps, FormField } from "@/components/forms/form-field";

export type PersonOption = { id: string; name: string; email: string; teamIds: string[] };
export type TeamOption = { id: string; name: string };

/** Owner and team pickers: choosing an owner moves the team to the owner's (first) team. */
export function OwnerTeamFields({
  idPrefix,
  people,
  teams,
  ownerUserId,
  teamId,
  onChange,
  errors,
  unassignedLabel,
}: {
  idPrefix: string;
  people: PersonOption[];
  teams: TeamOption[];
  ownerUserId: string;
  teamId: string;
  onChange: (value: { ownerUserId: string; teamId: string }) => void;
  errors: Record<string, string | undefined>;
  /** When given, "no owner" is a real choice with this label (an unassigned company card), not a missing answer. */
  unassignedLabel?: string;
}) {
  const ownerId = `${idPrefix}-owner`;
  const teamFieldId = `${idPrefix}-team`;
  return (
    <>
      <FormField id={ownerId} label="Owner" error={errors.ownerUserId} hint={unassignedLabel ? "Leave unassigned for a company card: only finance can reveal its number, giving a reason." : undefined}>
        <NativeSelect
          {...fieldProps(ownerId, errors.ownerUserId, unassignedLabel ? "hint" : undefined)}
          value={ownerUserId}
          onChange={(event) => {
            const owner = people.find((person) => person.id === event.target.value);
            onChange({ ownerUserId: event.target.value, teamId: owner?.teamIds[0] ?? "" });
          }}
        >
          <option value="">{unassignedLabel ?? "Choose a person"}</option>
          {people.map((person) => (
            <option key={person.id} value={person.id}>
              {person.name} ({person.email})
            </option>
          ))}
        </NativeSelect>
      </FormField>
      <FormField id={teamFieldId} label="Team" error={errors.teamId}>
        <NativeSelect {...fieldProps(teamFieldId, errors.teamId)} value={teamId} onChange={(event) => onChange({ ownerUserId, teamId: event.target.value })}>
          <option value="">No team</option>
          {teams.map((team) => (
            <option key={team.id} value={team.id}>
              {team.name}
            </option>
          ))}
        </NativeSelect>
      </FormField>
    </>
  );
}

/** "travel, ads ,, q3" → ["travel", "ads", "q3"] (duplicates dropped). */
export function parseTags(text: string): string[] {
  return [...new Set(text.split(",").map((tag) => tag.trim()).filter(Boolean))];
}

/** A person's name as a card prints it: Latin letters only, first word as first name, the rest as last name. */
export function cardholderName(name: string): { first: string; last: string } {
  const latin = name
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^A-Za-z' .-]/g, " ")
    .trim()
    .split(/\s+/)
    .filter(Boolean);
  return { first: latin[0] ?? "", last: latin.slice(1).join(" ") };
}
