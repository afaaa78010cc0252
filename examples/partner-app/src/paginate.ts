/** The part of a connection page that paging forward needs. */
export interface ConnectionPage<Node> {
  nodes: Node[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

/** The largest page the API serves: fewest round trips. */
export const pageSize = 100;

/**
 * Every node of a connection, fetching page after page from `endCursor` until `hasNextPage` is
 * false. `fetchPage` resolves to undefined when the connection's owner no longer exists.
 */
export async function allNodes<Node>(
  fetchPage: (after: string | null) => Promise<ConnectionPage<Node> | undefined>,
): Promise<Node[]> {
  const nodes: Node[] = [];
  let after: string | null = null;
  for (;;) {
    const page = await fetchPage(after);
    if (!page) throw new Error("the region disappeared while its children were being read.");
    nodes.push(...page.nodes);
    if (!page.pageInfo.hasNextPage) return nodes;
    after = page.pageInfo.endCursor;
  }
}
