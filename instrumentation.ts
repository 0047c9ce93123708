/** Runs once per server process before it handles requests. */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { installClientAddressStamp } = await import("./lib/auth/client-address-stamp");
    installClientAddressStamp();
  }
}
