import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { AUDIT_TARGET_TYPES } from "./event-catalog";

/** Every non-test .ts/.tsx file under this folder. */
function sources(directory: string): string[] {
  return readdirSync(directory).flatMap((entry) => {
    const full = path.join(directory, entry);
    if (statSync(full).isDirectory()) return entry === "node_modules" ? [] : sources(full);
    return /\.tsx?$/.test(entry) && !/\.test\.tsx?$/.test(entry) ? [full] : [];
  });
}

/** The texts a value can be: a string literal, either side of a ternary of them. */
function stringsIn(node: ts.Expression): string[] {
  if (ts.isStringLiteral(node)) return [node.text];
  if (ts.isConditionalExpression(node)) return [...stringsIn(node.whenTrue), ...stringsIn(node.whenFalse)];
  if (ts.isParenthesizedExpression(node) || ts.isAsExpression(node)) return stringsIn(node.expression);
  return [];
}

/**
 * The target types the code records events with, as written: `targetType: "…"` given to record() (a ternary's both
 * sides), a guarded action's `resourceType: "…"`, and the `type: "…"` its auditTarget returns.
 */
function recordedTargetTypes(file: string): { type: string; at: string }[] {
  const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true, file.endsWith(".tsx") ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const found: { type: string; at: string }[] = [];
  const at = (node: ts.Node) => `${path.relative(process.cwd(), file)}:${source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1}`;
  const visit = (node: ts.Node, inAuditTarget: boolean): void => {
    if (ts.isPropertyAssignment(node)) {
      const name = node.name.getText(source);
      if (name === "targetType" || name === "resourceType" || (inAuditTarget && name === "type")) {
        // Written as the filter accepts a type (a label map's "Target type" is not one).
        for (const type of stringsIn(node.initializer)) if (/^[a-z][a-z0-9_]*$/.test(type)) found.push({ type, at: at(node) });
      }
      if (name === "auditTarget") {
        ts.forEachChild(node, (child) => visit(child, true));
        return;
      }
    }
    ts.forEachChild(node, (child) => visit(child, inAuditTarget));
  };
  visit(source, false);
  return found;
}

describe("the audit log's target-type filter", () => {
  it("offers every target type the code records events with, so a link to any of them shows its choice", () => {
    const offered = new Set<string>(AUDIT_TARGET_TYPES.map((type) => type.value));
    const recorded = ["lib", "app", "db"].flatMap((folder) => sources(path.join(process.cwd(), folder))).flatMap(recordedTargetTypes);
    // Sanity: the scan finds the record() calls at all.
    expect(recorded.filter((entry) => entry.type === "card").length).toBeGreaterThan(10);
    expect(recorded.filter((entry) => !offered.has(entry.type))).toEqual([]);
  });
});
