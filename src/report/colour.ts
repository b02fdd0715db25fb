/**
 * Whether terminal tables are drawn in colour: on a terminal, unless NO_COLOR is set. Apart from
 * table.ts so that writing any output can ask without loading the table library.
 */
export const tablesInColour = (): boolean => Boolean(process.stdout.isTTY) && process.env.NO_COLOR === undefined;
