import * as React from "react";
import { cn } from "@/lib/utils";

// A plain <label>: radix's Label adds only double-click text-selection handling, not worth its bytes on every form.
function Label({ className, ...props }: React.ComponentProps<"label">) {
  return (
    <label
      data-slot="label"
      className={cn(
        "flex items-center gap-2 text-sm leading-none font-medium select-none peer-disabled:cursor-not-allowed peer-disabled:opacity-50",
        className,
      )}
      {...props}
    />
  );
}

export { Label };
