/** Terminal tables: colour only on a terminal, so piped and redirected output stays plain text. */
import Table from "cli-table3";
import { tablesInColour } from "./colour.js";

/** A table with `head`; with `colWidths` (padding included) its cells wrap to fit them. */
export function newTable(head: string[], colWidths?: number[]): Table.Table {
  return new Table({
    head,
    style: tablesInColour() ? {} : { head: [], border: [] },
    ...(colWidths ? { colWidths, wordWrap: true } : {}),
  });
}
