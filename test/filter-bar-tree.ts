import { isValidElement, type ReactNode } from "react";
import { FilterBar, type FilterBarProps } from "@/components/lists/filter-bar";
import type { FilterField } from "@/components/lists/filter-types";
import { IgnoredParamsAlert } from "@/components/lists/ignored-params-alert";
import type { IgnoredParam } from "@/lib/lists/search-params";

/** Every element of a server page's tree of this component type, with its props (what the browser is handed). */
function propsOf<Props>(node: ReactNode, type: unknown): Props[] {
  if (Array.isArray(node)) return node.flatMap((child: ReactNode) => propsOf<Props>(child, type));
  if (!isValidElement<{ children?: ReactNode }>(node)) return [];
  const own = node.type === type ? [node.props as Props] : [];
  return [...own, ...propsOf<Props>(node.props.children, type)];
}

export function filterBarOf(tree: ReactNode): FilterBarProps {
  const [bar] = propsOf<FilterBarProps>(tree, FilterBar);
  if (!bar) throw new Error("the page renders no filter bar");
  return bar;
}

export function ignoredOf(tree: ReactNode): IgnoredParam[] {
  return propsOf<{ ignored: IgnoredParam[] }>(tree, IgnoredParamsAlert).flatMap((alert) => alert.ignored);
}

function offers(field: FilterField, value: string): boolean {
  if (field.kind === "select") return [...(field.options ?? []), ...(field.groups ?? []).flatMap((group) => group.options)].some((option) => option.value === value);
  if (field.kind === "person") return field.selected?.value === value;
  return true;
}

/**
 * The values the bar was handed that it cannot show: one no control of the bar has, or one its select (or person
 * picker) does not offer. A browser shows such a select as its "All …" choice while the list is filtered by it.
 */
export function valuesTheBarCannotShow(bar: FilterBarProps): string[] {
  return Object.entries(bar.values).flatMap(([name, value]) => {
    if (!value) return [];
    const field = bar.fields.find((candidate) => candidate.name === name);
    if (!field) return [`${name}=${value}: the bar has no control for it`];
    return offers(field, value) ? [] : [`${name}=${value}: the ${field.label} control does not offer it`];
  });
}

/** The option a select shows for its value, as the reader sees it. */
export function selectedOption(bar: FilterBarProps, name: string): { value: string; label: string } | undefined {
  const field = bar.fields.find((candidate) => candidate.name === name);
  const value = bar.values[name];
  if (!field || field.kind !== "select" || !value) return undefined;
  return [...(field.options ?? []), ...(field.groups ?? []).flatMap((group) => group.options)].find((option) => option.value === value);
}
