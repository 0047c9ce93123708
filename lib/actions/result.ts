export type ActionErrorCode =
  | "unauthenticated"
  | "forbidden"
  | "invalid_input"
  | "not_found"
  | "conflict"
  | "rate_limited"
  | "step_up_required"
  | "provider_error"
  | "internal";

export type ActionFailure = { code: ActionErrorCode; message: string; fields?: Record<string, string> };
export type ActionResult<T> = { ok: true; data: T } | { ok: false; error: ActionFailure };

/** Thrown by plain domain functions for an expected failure the user should read; the guard turns it into a result. */
export class ActionError extends Error {
  constructor(
    readonly code: ActionErrorCode,
    message: string,
    readonly fields?: Record<string, string>,
  ) {
    super(message);
    this.name = "ActionError";
  }
}
