/** One person as the picker offers them (GET /api/people). teamIds come with purposes "assign" and "member". */
export type PickedPerson = { id: string; name: string; email: string; active: boolean; teamIds?: string[] };

/** The chosen person as a field shows them: their id and the name to display. */
export type PersonChoice = { id: string; label: string };

export function personLabel(person: Pick<PickedPerson, "name" | "active">): string {
  return person.active ? person.name : `${person.name} (inactive)`;
}

/** How a field shows a chosen person; server pages use it for the person an id in the URL names. */
export function personChoice(person: Pick<PickedPerson, "id" | "name" | "active">): PersonChoice {
  return { id: person.id, label: personLabel(person) };
}
