/** A mistake the user can fix (bad flag, unavailable backend): exit code 1 and one line. */
export class UserError extends Error {}
