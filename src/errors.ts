/**
 * The one error type bad input raises: it names the field, says what is wrong and, where the
 * choice is from a list, the allowed values. The CLI prints its message without a stack trace.
 */
export class InputError extends Error {
  readonly field: string;
  readonly problem: string;
  readonly allowed?: readonly string[];

  constructor(field: string, problem: string, allowed?: readonly string[]) {
    const list = allowed && allowed.length > 0 ? ` (allowed: ${formatAllowed(allowed)})` : "";
    super(`${field}: ${problem}${list}`);
    this.name = "InputError";
    this.field = field;
    this.problem = problem;
    this.allowed = allowed;
  }

  /** The same error for a field nested under `prefix` (e.g. `designs.0.pool`). */
  within(prefix: string): InputError {
    return new InputError(`${prefix}.${this.field}`, this.problem, this.allowed);
  }
}

function formatAllowed(allowed: readonly string[]): string {
  const shown = allowed.slice(0, 40).join(", ");
  return allowed.length > 40 ? `${shown}, … ${allowed.length - 40} more` : shown;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: as above
const CONTROL_BUT_TABLE_COLOURS = /\u001b\[(?:31|39|90)m|[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/**
 * Text made safe for a terminal: control characters (C0 but newline and tab, DEL, C1) shown as
 * `\u{…}` escapes, so a name or value from an input cannot move the cursor, retitle the window
 * or hide what was printed. With `tableColours`, the three colour codes terminal tables draw with
 * (red heads, grey borders, the reset: src/report/table.ts) pass through: they can only recolour.
 */
export function terminalSafe(text: string, tableColours = false): string {
  return text.replace(tableColours ? CONTROL_BUT_TABLE_COLOURS : CONTROL, (c) =>
    c.length > 1 ? c : `\\u{${c.charCodeAt(0).toString(16)}}`,
  );
}
