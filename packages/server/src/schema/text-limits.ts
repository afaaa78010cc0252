/**
 * How long a string argument may be. Every String and ID argument and input field takes at most
 * `defaultMaxLength` characters unless it declares less with `maxLengthOf`: longer than any name,
 * title, code or ID the API holds or issues, short enough that no value makes SQL slow.
 */
export const defaultMaxLength = 200;
/** A name search: longer than any region's or person's name. */
export const searchMaxLength = 100;

/** The Pothos option that gives one argument or input field its own limit. */
export const maxLengthOf = (maxLength: number) => ({ extensions: { maxLength } });

/** The limit an argument or input field declared, else the default. */
export function maxLengthFrom(extensions: Readonly<Record<string, unknown>> | null | undefined): number {
  const declared = extensions?.maxLength;
  return typeof declared === "number" ? declared : defaultMaxLength;
}
