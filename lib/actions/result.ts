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

/**
 * Thrown by plain domain functions for an expected failure the user should read; the guard turns it into a result.
 * A "forbidden" one is a denial, and every denial is audited: the guard records it unless the function already did
 * (with its own target and reason) and said so with `alreadyAudited`.
 */
export class ActionError extends Error {
  audited = false;

  constructor(
    readonly code: ActionErrorCode,
    message: string,
    readonly fields?: Record<string, string>,
  ) {
    super(message);
    this.name = "ActionError";
  }
}

/** Marks a refusal whose denial row the thrower wrote itself, so the guard does not write a second. */
export function alreadyAudited(error: ActionError): ActionError {
  error.audited = true;
  return error;
}
