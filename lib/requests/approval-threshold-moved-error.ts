/**
 * A save that was made against a threshold the administrator saw ("none", or "1000.00") found another one in force when
 * it came to write: another administrator added, changed or removed it in between. The save wrote nothing.
 * `current` is what is in force now, in minor units of its currency, or null when there is none.
 */
export class ApprovalThresholdMovedError extends Error {
  constructor(readonly current: bigint | null) {
    super("The approval threshold changed since it was read.");
    this.name = "ApprovalThresholdMovedError";
  }
}
