import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

/** The folders whose code renders class names (DESIGN.md's layout): every `cn()` call and `className` is in one of them. */
const CLASS_SOURCE_DIRS = ["app", "components", "lib"] as const;

/** The generated configuration itself: its strings are the groups' definitions, not class names the app renders. */
const GENERATED = path.join("lib", "class-merge-config.ts");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) && !full.endsWith(GENERATED) ? [full] : [];
  });
}

/**
 * Every word of every string literal in the app's source that could be a Tailwind class: more than the classes
 * (plain words too), never fewer, since Tailwind itself only builds classes written out whole in the source.
 */
export function sourceClassTokens(root: string): string[] {
  const tokens = new Set<string>();
  for (const file of CLASS_SOURCE_DIRS.flatMap((dir) => sourceFiles(path.join(root, dir)))) {
    for (const literal of readFileSync(file, "utf8").matchAll(/"([^"\n]*)"|'([^'\n]*)'|`([^`]*)`/g)) {
      for (const word of (literal[1] ?? literal[2] ?? literal[3] ?? "").split(/\s+/)) {
        if (/^[!a-z0-9*@[(-]\S*$/.test(word) && !word.includes("${")) tokens.add(word);
      }
    }
  }
  return [...tokens].sort();
}
