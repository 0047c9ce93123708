import { createContext } from "react";

/** Closes the phone menu a main-menu link is in, when the link is followed; null in the sidebar, which stays. */
export const CloseMenuContext = createContext<(() => void) | null>(null);
