/** One node of PostgreSQL's EXPLAIN (FORMAT JSON), with the fields the plan tests read. */
export type PlanNode = {
  "Node Type": string;
  "Relation Name"?: string;
  "Index Name"?: string;
  "Index Cond"?: string;
  "Actual Rows"?: number;
  "Actual Loops"?: number;
  "Rows Removed by Filter"?: number;
  Plans?: PlanNode[];
};

/** Every node of an EXPLAIN (FORMAT JSON) result's "QUERY PLAN" value, the root first, flattened depth-first. */
export function planNodes(queryPlan: unknown): PlanNode[] {
  const nodes: PlanNode[] = [];
  const walk = (node: PlanNode) => {
    nodes.push(node);
    for (const child of node.Plans ?? []) walk(child);
  };
  walk((queryPlan as { Plan: PlanNode }[])[0]!.Plan);
  return nodes;
}
