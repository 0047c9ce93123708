/**
 * A command was given no database URL and there is no development database to act on instead. Its message is the
 * whole line the operator sees, the command's name first (startDevDatabase writes it).
 */
export class NoDatabaseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "NoDatabaseError";
  }
}
