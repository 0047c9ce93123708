import { describe, expect, it } from "vitest";
import { buttonVariants } from "./button";
import { cn } from "@/lib/utils";
import { PLAIN_BUTTON_CLASSES } from "./plain-button";

describe("PLAIN_BUTTON_CLASSES", () => {
  it("are exactly the classes Button renders for the same variant", () => {
    for (const variant of ["default", "outline"] as const) {
      expect(PLAIN_BUTTON_CLASSES[variant]).toBe(cn(buttonVariants({ variant })));
    }
  });
});
