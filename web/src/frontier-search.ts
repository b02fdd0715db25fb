/**
 * The worker's frontier search, what `infercast compare` runs for the page's model, workload,
 * designs and SLO, made progressive: first each design's analytic estimate (a second or two for
 * all of them), then each design confirmed by the event loop, one `compare` per design, merged
 * with the ones before (`searchedCase`: the same result as searching them together). A request
 * for other frontiers aborts the search running; one for the same frontiers leaves it be.
 */
import type { ComparisonResult } from "infercast";
import type { FrontierMessage } from "./protocol.js";
import { defaultState, type PageState, searchKey, stateFromQuery } from "./state.js";

const engine = import("infercast");

/** The search of the latest request, kept when done: the page asks only when its key changes, so a repeat is the same frontiers. */
let running: { key: string; controller: AbortController } | null = null;

/** A task boundary, so a message that arrived meanwhile (a newer request) is handled before the next design. */
const yieldToMessages = () => new Promise((resolve) => setTimeout(resolve, 0));

/** The state of a request: the one posted, or the URL's (the default where the URL cannot be read, as the page does). */
export function requestedState(request: { state: PageState } | { query: string }): PageState {
  if ("state" in request) return request.state;
  try {
    return stateFromQuery(request.query);
  } catch {
    return defaultState;
  }
}

export async function searchFrontiers(state: PageState, post: (message: FrontierMessage) => void): Promise<void> {
  const key = searchKey(state);
  if (running?.key === key) return;
  running?.controller.abort();
  const controller = new AbortController();
  running = { key, controller };
  const { compare, estimateFrontier, searchedCase, defaultDesigns, DEFAULT_LEVELS } = await engine;
  const designs = defaultDesigns.map((d) => d.name).filter((d) => state.designs.includes(d));
  const headline = 1 / state.slo.tpotSeconds;
  const levels = [...new Set([...DEFAULT_LEVELS, headline])]
    .sort((a, b) => a - b)
    .map((level) => ({ level, headline: level === headline }));
  try {
    for (const design of designs) {
      await yieldToMessages();
      controller.signal.throwIfAborted();
      const estimate = estimateFrontier(design, { model: state.model, workload: state.workload, slo: state.slo });
      post({ kind: "frontiers", key, type: "estimate", estimate, levels });
    }
    const parts: ComparisonResult[] = [];
    for (const design of designs) {
      parts.push(
        await compare(undefined, {
          models: [state.model],
          workloads: [state.workload],
          designs: [design],
          ttftSeconds: state.slo.ttftSeconds,
          tpotSeconds: state.slo.tpotSeconds,
          percentile: state.slo.percentile,
          uncertainty: state.ranges,
          signal: controller.signal,
          onProgress: (p) => post({ kind: "frontiers", key, type: "progress", design, fraction: p.fraction }),
        }),
      );
      post({ kind: "frontiers", key, type: "confirmed", result: searchedCase(parts) });
    }
  } catch (error) {
    if (controller.signal.aborted) return;
    post({ kind: "frontiers", key, type: "error", message: error instanceof Error ? error.message : String(error) });
  }
}
