import { writeFileSync } from "node:fs";
import path from "node:path";
import { CLASS_MERGE_CONFIG_FILE, classMergeConfigSource } from "./class-merge/config-file";

// Writes lib/class-merge-config.ts, the class groups `cn()` merges, from the class names in the source.
const root = process.cwd();
writeFileSync(path.join(root, CLASS_MERGE_CONFIG_FILE), classMergeConfigSource(root));
console.log(`wrote ${CLASS_MERGE_CONFIG_FILE}`);
