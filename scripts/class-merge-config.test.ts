import { readFileSync } from "node:fs";
import { createTailwindMerge, twMerge } from "tailwind-merge";
import { describe, expect, it } from "vitest";
import { CLASS_MERGE_CONFIG } from "@/lib/class-merge-config";
import { cn } from "@/lib/utils";
import { CLASS_MERGE_CONFIG_COMMAND, CLASS_MERGE_CONFIG_FILE, classMergeConfigSource } from "./class-merge/config-file";
import { sourceClassTokens } from "./class-merge/source-class-tokens";

const root = process.cwd();

describe("cn()'s trimmed tailwind-merge configuration", () => {
  it("is what the generator writes for the source as it is now", () => {
    const committed = readFileSync(CLASS_MERGE_CONFIG_FILE, "utf8");
    expect(committed === classMergeConfigSource(root), `${CLASS_MERGE_CONFIG_FILE} is out of date with the class names in the source: run \`${CLASS_MERGE_CONFIG_COMMAND}\``).toBe(true);
  });

  it("merges any two class names of the source exactly as tailwind-merge's full configuration does", () => {
    const trimmed = createTailwindMerge(() => CLASS_MERGE_CONFIG);
    // Words no class group knows are kept as they are by both; the pairs that can differ are of words one knows.
    const tokens = sourceClassTokens(root).filter((token) => twMerge(`${token} ${token}`) === token);
    const differing: string[] = [];
    for (const first of tokens) {
      for (const second of tokens) {
        const classes = `${first} ${second}`;
        if (trimmed(classes) !== twMerge(classes)) differing.push(classes);
      }
    }
    expect(tokens.length).toBeGreaterThan(300);
    expect(differing.slice(0, 10)).toEqual([]);
  });

  it("is the configuration cn() merges with: a later class overrides an earlier one of its group, other classes stay", () => {
    expect(cn("px-2 py-1 text-sm", "px-4", false, ["text-lg"])).toBe("py-1 px-4 text-lg");
    expect(cn("p-2", "px-3")).toBe("p-2 px-3");
    expect(cn("px-3", "p-2")).toBe("p-2");
    expect(cn("bg-muted hover:bg-muted", "bg-primary")).toBe("hover:bg-muted bg-primary");
  });

  it("leaves a class of a group the source does not use unmerged (why the generator must run again when one appears)", () => {
    const trimmed = createTailwindMerge(() => CLASS_MERGE_CONFIG);
    expect(twMerge("skew-x-3 skew-x-6")).toBe("skew-x-6");
    expect(trimmed("skew-x-3 skew-x-6")).toBe("skew-x-3 skew-x-6");
  });
});
