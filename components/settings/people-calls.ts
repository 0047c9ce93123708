// What Settings → People's dialogs need only once something is sent: the actions, and the one-time link an invitation
// or a password reset answers with. Loaded before the action is sent (so the link, shown once, never waits on a chunk
// that did not load), not with the page: first-load JavaScript budget.
export { createPersonAction } from "@/lib/actions/users/create-person";
export { resetPasswordAction } from "@/lib/actions/users/reset-password";
export { resetTwoFactorAction } from "@/lib/actions/users/reset-two-factor";
export { setPersonActiveAction } from "@/lib/actions/users/set-person-active";
export { updatePersonAction } from "@/lib/actions/users/update-person";
export { OneTimeLink } from "./one-time-link";
export { DeactivationResult } from "./deactivation-result";
