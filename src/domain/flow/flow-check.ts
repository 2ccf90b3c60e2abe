import { VERB_SPECS, type Flow, type FlowNode, type FlowProblem } from './flow-model.js';

export interface FlowCheckContext {
  serviceIds: ReadonlySet<string>;
  /** Does prompts/<lang>/<key>.wav exist? */
  promptExists(language: string, key: string): boolean;
}

/** Reference and graph passes over a schema-valid flow. All problems, in node order. */
export function checkFlow(flow: Flow, ctx: FlowCheckContext): FlowProblem[] {
  const problems: FlowProblem[] = [];
  const add = (node: FlowNode | undefined, message: string) =>
    problems.push({ file: flow.file, line: node?.line ?? 1, node: node?.id, message });
  if (!flow.nodes.has(flow.start)) add(undefined, `start node "${flow.start}" does not exist`);
  const builtinReported = new Set<string>();
  for (const node of flow.nodes.values()) {
    for (const [branch, target] of Object.entries(node.branches)) {
      if (!flow.nodes.has(target)) add(node, `${branch.replace('choice:', 'choice ')} goes to unknown node "${target}"`);
    }
    for (const s of servicesOf(node)) if (!ctx.serviceIds.has(s)) add(node, `unknown service "${s}" (known: ${[...ctx.serviceIds].join(', ')})`);
    if (node.verb === 'set' && node.args.language !== undefined && !flow.languages.includes(node.args.language)) {
      add(node, `language "${node.args.language}" is not one of the flow's languages (${flow.languages.join(', ')})`);
    }
    if (node.verb === 'enqueue' && node.args.callbackDigit !== undefined && !node.branches.callback) {
      add(node, 'enqueue with callback_digit needs a "callback" branch');
    }
    for (const key of promptsOf(node)) reportMissing(flow, ctx, key, (m) => add(node, m));
    for (const key of VERB_SPECS[node.verb].builtinPrompts) {
      if (builtinReported.has(key)) continue;
      builtinReported.add(key);
      reportMissing(flow, ctx, key, (m) => add(node, `${m}, needed by ${node.verb}`));
    }
  }
  const reachable = reachableFrom(flow);
  for (const node of flow.nodes.values()) if (!reachable.has(node.id)) add(node, `node is unreachable from start "${flow.start}"`);
  for (const cycle of loopsWithoutInput(flow)) {
    add(flow.nodes.get(cycle[0] as string), `loop without caller input: ${[...cycle, cycle[0]].join(' -> ')}`);
  }
  return problems.sort((a, b) => a.line - b.line);
}

function reportMissing(flow: Flow, ctx: FlowCheckContext, key: string, report: (m: string) => void): void {
  const missing = flow.languages.filter((l) => !ctx.promptExists(l, key));
  if (missing.length) report(`prompt "${key}" missing for ${missing.map((l) => `${l} (prompts/${l}/${key}.wav)`).join(', ')}`);
}

export function promptsOf(node: FlowNode): string[] {
  switch (node.verb) {
    case 'play': case 'hangup': return node.args.prompts;
    case 'menu': return [...node.args.prompts, ...node.args.invalid];
    case 'gather': return [...node.args.prompts, ...node.args.invalid];
    case 'offer_callback': return [...node.args.prompts, ...node.args.generic];
    case 'enqueue': return node.args.hold;
    case 'match_call_in': return [...node.args.prompts, ...node.args.invalid];
    default: return [];
  }
}

function servicesOf(node: FlowNode): string[] {
  if (node.verb === 'set') return node.args.service !== undefined ? [node.args.service] : [];
  const s = (node.args as { service?: unknown }).service;
  return typeof s === 'string' ? [s] : [];
}

function reachableFrom(flow: Flow): Set<string> {
  const seen = new Set<string>();
  const stack = [flow.start];
  while (stack.length) {
    const id = stack.pop() as string;
    const node = flow.nodes.get(id);
    if (!node || seen.has(id)) continue;
    seen.add(id);
    stack.push(...Object.values(node.branches));
  }
  return seen;
}

/** Cycles made only of nodes that take no caller input: the flow would spin forever (Tarjan SCC). */
export function loopsWithoutInput(flow: Flow): string[][] {
  const passive = [...flow.nodes.values()].filter((n) => !VERB_SPECS[n.verb].input);
  const ids = new Set(passive.map((n) => n.id));
  const edges = (id: string) => Object.values(flow.nodes.get(id)?.branches ?? {}).filter((t) => ids.has(t));
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  let counter = 0;
  const visit = (v: string): void => {
    index.set(v, counter); low.set(v, counter); counter++;
    stack.push(v); onStack.add(v);
    for (const w of edges(v)) {
      if (!index.has(w)) { visit(w); low.set(v, Math.min(low.get(v)!, low.get(w)!)); }
      else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const scc: string[] = [];
      let w: string;
      do { w = stack.pop() as string; onStack.delete(w); scc.push(w); } while (w !== v);
      if (scc.length > 1 || edges(v).includes(v)) cycles.push(scc.reverse());
    }
  };
  for (const n of passive) if (!index.has(n.id)) visit(n.id);
  return cycles;
}
