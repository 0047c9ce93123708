/**
 * "411111******1234" → "4111 11•• •••• 1234". Only ever fed the stored masked number (first 6 + last 4);
 * anything that does not look like one is reduced to its last four so a full number could never be shown.
 */
export function formatMaskedNumber(masked: string | null | undefined, last4?: string | null, status?: string): string {
  // A card its provider refused to issue never gets a number: "not assigned yet" would promise one.
  if (status === "failed") return "No card number: never issued";
  const compact = (masked ?? "").replace(/[\s-]/g, "");
  const match = /^(\d{6})[^\d]+(\d{4})$/.exec(compact);
  if (match) {
    const [, first6, lastFour] = match;
    return `${first6!.slice(0, 4)} ${first6!.slice(4)}•• •••• ${lastFour}`;
  }
  const tail = last4 && /^\d{4}$/.test(last4) ? last4 : /(\d{4})$/.exec(compact)?.[1];
  return tail ? `•••• ${tail}` : "Number not assigned yet";
}

/** "03/27", or null when the provider has not said. */
export function formatExpiry(month: number | null | undefined, year: number | null | undefined): string | null {
  if (!month || !year) return null;
  return `${String(month).padStart(2, "0")}/${String(year % 100).padStart(2, "0")}`;
}
