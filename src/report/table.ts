/** Terminal tables: colour only on a terminal, so piped and redirected output stays plain text. */
import Table from "cli-table3";

/** A table with `head`; with `colWidths` (padding included) its cells wrap to fit them. */
export function newTable(head: string[], colWidths?: number[]): Table.Table {
  const plain = !process.stdout.isTTY || process.env.NO_COLOR !== undefined;
  return new Table({
    head,
    style: plain ? { head: [], border: [] } : {},
    ...(colWidths ? { colWidths, wordWrap: true } : {}),
  });
}
