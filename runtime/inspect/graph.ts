/**
 * The flow as a graph of nodes, and the loops in it that never stop for the contact's reply.
 *
 *   loopsWithoutWait(flow) // [['a58b...', '3dcc...']]  (node UUIDs of each loop, in flow order)
 */
import type { Flow, FlowNode } from '../definition/types.js';

function waits(node: FlowNode): boolean {
  return node.router?.wait !== undefined;
}

/** Strongly connected components (Tarjan), iterative so big flows cannot overflow the stack. */
function components(flow: Flow): string[][] {
  const edges = new Map<string, string[]>();
  for (const node of flow.nodes) {
    edges.set(node.uuid, node.exits.map((e) => e.destination_uuid).filter((d): d is string => typeof d === 'string' && d !== ''));
  }
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const result: string[][] = [];
  for (const start of edges.keys()) {
    if (index.has(start)) continue;
    const work: { node: string; next: number }[] = [{ node: start, next: 0 }];
    index.set(start, counter);
    low.set(start, counter++);
    stack.push(start);
    onStack.add(start);
    while (work.length) {
      const frame = work[work.length - 1]!;
      const targets = (edges.get(frame.node) ?? []).filter((t) => edges.has(t));
      if (frame.next < targets.length) {
        const target = targets[frame.next++]!;
        if (!index.has(target)) {
          index.set(target, counter);
          low.set(target, counter++);
          stack.push(target);
          onStack.add(target);
          work.push({ node: target, next: 0 });
        } else if (onStack.has(target)) {
          low.set(frame.node, Math.min(low.get(frame.node)!, index.get(target)!));
        }
      } else {
        work.pop();
        if (work.length) {
          const parent = work[work.length - 1]!.node;
          low.set(parent, Math.min(low.get(parent)!, low.get(frame.node)!));
        }
        if (low.get(frame.node) === index.get(frame.node)) {
          const component: string[] = [];
          let member: string;
          do {
            member = stack.pop()!;
            onStack.delete(member);
            component.push(member);
          } while (member !== frame.node);
          result.push(component);
        }
      }
    }
  }
  return result;
}

/** Loops (cycles of nodes) in which no node waits for a reply: they spin until the engine's step limit. */
export function loopsWithoutWait(flow: Flow): string[][] {
  const byUuid = new Map(flow.nodes.map((n) => [n.uuid, n]));
  const order = new Map(flow.nodes.map((n, i) => [n.uuid, i]));
  return components(flow)
    .filter((component) => {
      if (component.length > 1) return true;
      const only = byUuid.get(component[0]!)!;
      return only.exits.some((e) => e.destination_uuid === only.uuid);
    })
    .filter((component) => !component.some((uuid) => waits(byUuid.get(uuid)!)))
    .map((component) => component.sort((a, b) => order.get(a)! - order.get(b)!));
}
