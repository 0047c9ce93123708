/**
 * Button's classes (default size) as plain strings, for the route error boundaries: their chunk is loaded beside the
 * page's, so importing Button there would ship Button, its Slot and class-variance-authority a second time.
 * plain-button.test.ts keeps these equal to what Button renders.
 */
const BASE =
  "inline-flex items-center justify-center gap-2 whitespace-nowrap rounded-md text-sm font-medium transition-colors disabled:pointer-events-none disabled:opacity-50 [&_svg]:pointer-events-none [&_svg:not([class*='size-'])]:size-4 shrink-0 [&_svg]:shrink-0 outline-none focus-visible:ring-[3px] focus-visible:ring-ring/50 aria-invalid:ring-destructive/20";
const SIZE = "h-9 px-4 py-2 has-[>svg]:px-3";

export const PLAIN_BUTTON_CLASSES = {
  default: `${BASE} bg-primary text-primary-foreground shadow-xs hover:bg-primary/90 ${SIZE}`,
  outline: `${BASE} border bg-background shadow-xs hover:bg-accent hover:text-accent-foreground ${SIZE}`,
} as const;
