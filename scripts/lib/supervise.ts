import type { ChildProcess } from "node:child_process";

export type NamedChild = { name: string; child: ChildProcess };

export function describeExit(child: ChildProcess): string {
  return child.signalCode ? `was killed by ${child.signalCode}` : `exited with code ${child.exitCode}`;
}

export function firstExited(children: readonly NamedChild[]): NamedChild | undefined {
  return children.find(({ child }) => child.exitCode !== null || child.signalCode !== null);
}

/**
 * A child that exits while the stack is not stopping is a crash: report it by name, once. A half-running product
 * must never look healthy, so the caller stops everything and exits non-zero.
 */
export function superviseChildren(children: readonly NamedChild[], isStopping: () => boolean, onCrash: (message: string) => void): void {
  let reported = false;
  for (const { name, child } of children) {
    child.once("exit", () => {
      if (isStopping() || reported) return;
      reported = true;
      onCrash(`the ${name} ${describeExit(child)} unexpectedly`);
    });
  }
}
