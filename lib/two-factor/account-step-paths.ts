/** Where a person is sent to finish their account before anything else (see pendingAccountStep). */
export const ACCOUNT_STEP_PATHS = {
  change_password: "/account/password?required=1",
  enroll_two_factor: "/account/two-factor?required=1",
} as const;
