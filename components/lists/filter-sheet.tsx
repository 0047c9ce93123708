"use client";

import { Sheet, SheetContent, SheetTitle } from "@/components/ui/sheet";

/**
 * The filter bar's sheet at phone width (components/lists/filter-bar.tsx), in a chunk of its own: the bar loads it when
 * its Filters button is first wanted, so no list page's first load carries the modal it is built on.
 */
export function FilterSheet({ open, onOpenChange, children }: { open: boolean; onOpenChange: (open: boolean) => void; children: React.ReactNode }) {
  return (
    <Sheet open={open} onOpenChange={onOpenChange}>
      <SheetContent side="bottom" closeLabel="Close filters" aria-describedby={undefined}>
        <SheetTitle>Filters</SheetTitle>
        {children}
      </SheetContent>
    </Sheet>
  );
}
