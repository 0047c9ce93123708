import { isValidElement, type ReactElement, type ReactNode } from "react";

/** The first element of this component type in a server page's tree (as the page function returned it), or null. */
export function firstElementOf(node: ReactNode, type: unknown): ReactElement | null {
  if (Array.isArray(node)) return node.map((child: ReactNode) => firstElementOf(child, type)).find(Boolean) ?? null;
  if (!isValidElement<{ children?: ReactNode }>(node)) return null;
  return node.type === type ? node : firstElementOf(node.props.children, type);
}
