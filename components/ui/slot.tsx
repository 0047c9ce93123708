import { cloneElement, isValidElement, type ReactNode, type Ref } from "react";

type SlotProps = { children?: ReactNode; className?: string; ref?: Ref<HTMLElement> } & Record<string, unknown>;

function setRef<T>(ref: Ref<T> | undefined, value: T | null): void {
  if (typeof ref === "function") ref(value);
  else if (ref) ref.current = value;
}

function isHandler(key: string, value: unknown): value is (...args: unknown[]) => unknown {
  return /^on[A-Z]/.test(key) && typeof value === "function";
}

/**
 * `asChild`: renders the single child element with this component's props merged into it — classes joined, styles
 * merged, event handlers both run (the child's first), refs both set. The few lines radix's Slot needs here, without
 * its bundle weight on every page with a button.
 */
export function Slot({ children, ref, ...props }: SlotProps) {
  if (!isValidElement<Record<string, unknown>>(children)) return null;
  const childProps = children.props;
  const merged: Record<string, unknown> = { ...props, ...childProps };
  for (const [key, value] of Object.entries(props)) {
    const childValue = childProps[key];
    if (isHandler(key, value) && isHandler(key, childValue)) {
      merged[key] = (...args: unknown[]) => {
        const result = childValue(...args);
        value(...args);
        return result;
      };
    } else if (key === "style" && childValue) merged.style = { ...(value as object), ...(childValue as object) };
    else if (childValue === undefined) merged[key] = value;
  }
  merged.className = [props.className, childProps.className].filter(Boolean).join(" ") || undefined;
  const childRef = childProps.ref as Ref<HTMLElement> | undefined;
  if (ref && childRef) {
    merged.ref = (node: HTMLElement | null) => {
      setRef(ref, node);
      setRef(childRef, node);
    };
  } else if (ref) merged.ref = ref;
  return cloneElement(children, merged);
}
