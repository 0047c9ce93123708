"use client";

import { useState } from "react";
import { NativeSelect } from "@/components/ui/native-select";
import { fieldProps, FormField } from "@/components/forms/form-field";
import { PersonPicker } from "@/components/people/person-picker";
import { personChoice, type PersonChoice, type PickedPerson } from "@/components/people/person-choice";

export type TeamOption = { id: string; name: string };

/**
 * Owner and team pickers: the owner is found by typing (the server searches active people), and choosing one moves
 * the team to the owner's (first) team.
 */
export function OwnerTeamFields({
  idPrefix,
  owner,
  excludeIds,
  teams,
  teamId,
  onChange,
  errors,
  unassignedLabel,
}: {
  idPrefix: string;
  /** The owner chosen when the form opens (the card's current owner), or null. */
  owner: PersonChoice | null;
  /** People who may not be chosen (yourself: nobody makes themselves a card's owner; the server refuses it too). */
  excludeIds?: readonly string[];
  teams: TeamOption[];
  teamId: string;
  onChange: (value: { ownerUserId: string; teamId: string }, person: PickedPerson | null) => void;
  errors: Record<string, string | undefined>;
  /** When given, "no owner" is a real choice with this label (an unassigned company card), not a missing answer. */
  unassignedLabel?: string;
}) {
  const ownerId = `${idPrefix}-owner`;
  const teamFieldId = `${idPrefix}-team`;
  const [chosen, setChosen] = useState<PersonChoice | null>(owner);
  return (
    <>
      <FormField id={ownerId} label="Owner" error={errors.ownerUserId} hint={unassignedLabel ? "Type a name or email. Leave unassigned for a company card: only finance can reveal its number, giving a reason." : "Type a name or email."}>
        <PersonPicker
          {...fieldProps(ownerId, errors.ownerUserId, "hint")}
          purpose="assign"
          inline
          value={chosen}
          excludeIds={excludeIds}
          noneLabel={unassignedLabel ?? "Choose a person"}
          onChange={(person) => {
            setChosen(person ? personChoice(person) : null);
            onChange({ ownerUserId: person?.id ?? "", teamId: person?.teamIds?.[0] ?? "" }, person);
          }}
        />
      </FormField>
      <FormField id={teamFieldId} label="Team" error={errors.teamId}>
        <NativeSelect {...fieldProps(teamFieldId, errors.teamId)} value={teamId} onChange={(event) => onChange({ ownerUserId: chosen?.id ?? "", teamId: event.target.value }, null)}>
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
