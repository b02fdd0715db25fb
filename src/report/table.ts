/** Terminal tables: colour only on a terminal, so piped and redirected output stays plain text. */
import Table from "cli-table3";

export function newTable(head: string[]): Table.Table {
  const plain = !process.stdout.isTTY || process.env.NO_COLOR !== undefined;
  return new Table({ head, style: plain ? { head: [], border: [] } : {} });
}
