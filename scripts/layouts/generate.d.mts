// Types of the generator's exports, for the tests that check the layouts.
export interface ResolvedSlot {
  kind: "slot" | "column" | "array";
  name: string;
  offset: number;
  width: number;
  /** Columns and arrays: f64, i32 or u8; a u8 column names the title of the codes it holds. */
  type?: string;
  codes?: string;
}
export interface ResolvedBlock {
  size: string;
  slotCount: number;
  slots: ResolvedSlot[];
  groups: { name: string; why: string; begin: number; end: number; members: string[] }[];
}
export interface Layout {
  file: string;
  codes: { title: string; names: string[][] }[];
}
export interface ResolvedLayout {
  layout: Layout;
  constants: Map<string, number>;
  blocks: ResolvedBlock[];
}
export interface EchoBlock {
  size: string;
  slotCount: number;
  reads: { name: string; index: number; at: number }[];
}

export const layouts: Layout[];
export function resolve(layout: Layout): ResolvedLayout;
export function echoSlots(r: ResolvedLayout): EchoBlock[];
export function generatedSources(): Map<string, string>;
export function paramsModule(): { js: string; dts: string };
