/** Why an archived team takes no new person, card or edit: told on the field that named it. */
export function archivedTeamMessage(teamName: string): string {
  return `${teamName} is archived. Choose a team in use, or ask an administrator to restore it (Settings → Teams).`;
}
