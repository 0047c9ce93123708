/** The scheme, host and port of an address, or the text itself when it is not one (the schema then refuses it). */
export function addressOrigin(address: string): string {
  try {
    return new URL(address.trim()).origin;
  } catch {
    return address;
  }
}
