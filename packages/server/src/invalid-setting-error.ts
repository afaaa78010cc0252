/** A setting the server cannot start with; its message says which and why. */
export class InvalidSettingError extends Error {}
