/**
 * The engine worker: the page posts a state, this runs the built-in sizing (cached per choice of
 * model, workload, budget, designs and requests) and `compare` on the edited scenario, posting
 * progress as it goes, so the page stays responsive while the engine works. The page starts a
 * second one from this same script (one download) for the frontier search (frontier-search.ts),
 * which takes seconds and runs beside the page's runs.
 *
 * The engine is imported dynamically: its module compiles the WASM with a top-level await, and a
 * module worker starts delivering messages at that first await. The handler below must already be
 * in place by then, or the page's first request is lost.
 */
import type { BuiltInCase } from "infercast";
import type { FrontierMessage, FrontierRequest, RunRequest, WorkerMessage } from "./protocol.js";
import type { PageState } from "./state.js";

const engine = Promise.all([import("infercast"), import("./scenario.js"), import("./state.js")]);
const frontiers = import("./frontier-search.js");

const sized = new Map<string, Promise<{ case: BuiltInCase; description: string }>>();

async function sizedCase(state: PageState) {
  const { builtInScenarios } = (await engine)[0];
  const key = JSON.stringify([state.model, state.workload, state.budget, state.designs, state.requests]);
  let entry = sized.get(key);
  if (!entry) {
    entry = builtInScenarios({
      models: [state.model],
      workloads: [state.workload],
      budget: state.budget,
      designs: state.designs,
      requests: state.requests,
    }).then((plan) => ({ case: plan.cases[0], description: plan.description }));
    entry.catch(() => sized.delete(key));
    sized.set(key, entry);
  }
  return entry;
}

const post = (message: WorkerMessage) => postMessage(message);

addEventListener("message", async (event: MessageEvent<RunRequest | FrontierRequest>) => {
  if ("kind" in event.data) {
    const { requestedState, searchFrontiers } = await frontiers;
    await searchFrontiers(requestedState(event.data), (message: FrontierMessage) => postMessage(message));
    return;
  }
  const { id } = event.data;
  const started = performance.now();
  try {
    const [{ compare }, { scenarioFor }, { defaultState, stateFromQuery }] = await engine;
    let state: PageState;
    if ("state" in event.data) state = event.data.state;
    else {
      // a link the page cannot read runs the default comparison; the page says why
      try {
        state = stateFromQuery(event.data.query);
      } catch {
        state = defaultState;
      }
    }
    post({ id, type: "progress", fraction: 0, label: "sizing designs to the budget" });
    const base = await sizedCase(state);
    if (!base.case)
      throw Object.assign(
        new Error(`model: no design of the selection can serve ${state.model}: ${base.description}`),
        { field: "model" },
      );
    const { scenario, units } = scenarioFor(state, base.case);
    const designs = scenario.designs.map((d) => d.name);
    // one share of the bar per design, filled as its simulated time advances
    const onProgress = (p: { design: string; fraction: number | null }) =>
      post({
        id,
        type: "progress",
        fraction: (Math.max(0, designs.indexOf(p.design)) + (p.fraction ?? 0)) / designs.length,
        label: p.design,
      });
    const result = await compare(scenario, { onProgress, uncertainty: state.ranges });
    post({
      id,
      type: "result",
      scenario,
      result,
      sizing: base.description,
      units,
      seconds: (performance.now() - started) / 1000,
    });
  } catch (error) {
    // an InputError names the field; anything else is reported as it is
    const field = (error as { field?: string }).field ?? null;
    post({ id, type: "error", field, message: error instanceof Error ? error.message : String(error) });
  }
});
