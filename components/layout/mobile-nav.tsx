"use client";

import { useState } from "react";
import { Menu } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Sheet, SheetContent, SheetTitle, SheetTrigger } from "@/components/ui/sheet";
import type { Section } from "@/lib/auth/sections";
import { NavLinks } from "./nav-links";

export function MobileNav({ sections, waiting = 0 }: { sections: Section[]; waiting?: number }) {
  const [open, setOpen] = useState(false);
  return (
    <Sheet open={open} onOpenChange={setOpen}>
      <SheetTrigger asChild>
        <Button variant="ghost" size="icon" className="md:hidden" aria-label="Open menu">
          <Menu />
        </Button>
      </SheetTrigger>
      <SheetContent aria-describedby={undefined}>
        <SheetTitle>Cardhub</SheetTitle>
        <nav aria-label="Main">
          <NavLinks sections={sections} onNavigate={() => setOpen(false)} waiting={waiting} />
        </nav>
      </SheetContent>
    </Sheet>
  );
}
