/**
 * The hint under an amount an approver may lower: what approving as it stands approves. After an earlier approver
 * lowered it, that is the lowered figure, not what was asked, and the hint says both.
 */
export function termHint(standing: string, asked: string | undefined): string {
  if (asked === undefined || asked === standing) return `Asked: ${standing}. Leave empty to approve as asked, or enter a lower amount.`;
  return `Asked: ${asked}, lowered by an earlier approval to ${standing}. Leave empty to approve ${standing}, or enter a lower amount.`;
}
