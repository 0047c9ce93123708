import { groupsOfTokens, trimmedConfigModule } from "./trimmed-config";
import { sourceClassTokens } from "./source-class-tokens";

export const CLASS_MERGE_CONFIG_FILE = "lib/class-merge-config.ts";
export const CLASS_MERGE_CONFIG_COMMAND = "npm run class-merge-config";

/** What lib/class-merge-config.ts holds for the source under `root` as it is now. */
export function classMergeConfigSource(root: string): string {
  return trimmedConfigModule(groupsOfTokens(sourceClassTokens(root)), `\`${CLASS_MERGE_CONFIG_COMMAND}\``);
}
