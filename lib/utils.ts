import { clsx, type ClassValue } from "clsx";
import { createTailwindMerge } from "tailwind-merge";
import { CLASS_MERGE_CONFIG } from "./class-merge-config";

const mergeClasses = createTailwindMerge(() => CLASS_MERGE_CONFIG);

export function cn(...inputs: ClassValue[]): string {
  return mergeClasses(clsx(inputs));
}
