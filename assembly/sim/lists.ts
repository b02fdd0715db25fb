// Doubly linked lists of requests through the NEXT/PREV columns; a replica slot pair holds each
// list's head and tail. A request is in at most one list at a time (waiting, prefilling,
// decoding, or the prefix-cache LRU).
import { nextOf, prevOf, setNext, setPrev } from "./columns";
import { rep, setRep } from "./state";

export function listPushBack(r: i32, head: i32, tail: i32, id: i32): void {
  const last = <i32>rep(r, tail);
  setPrev(id, last);
  setNext(id, -1);
  if (last >= 0) setNext(last, id);
  else setRep(r, head, id);
  setRep(r, tail, id);
}

export function listPushFront(r: i32, head: i32, tail: i32, id: i32): void {
  const first = <i32>rep(r, head);
  setNext(id, first);
  setPrev(id, -1);
  if (first >= 0) setPrev(first, id);
  else setRep(r, tail, id);
  setRep(r, head, id);
}

export function listRemove(r: i32, head: i32, tail: i32, id: i32): void {
  const before = prevOf(id);
  const after = nextOf(id);
  if (before >= 0) setNext(before, after);
  else setRep(r, head, after);
  if (after >= 0) setPrev(after, before);
  else setRep(r, tail, before);
  setNext(id, -1);
  setPrev(id, -1);
}

// @ts-ignore: decorator
@inline export function listHead(r: i32, head: i32): i32 { return <i32>rep(r, head); }
