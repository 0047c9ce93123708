import type { ReactNode } from "react";
import { ArrowDownToLine, ArrowUpFromLine, Ban, MapPin, Pencil, Power, SlidersHorizontal, Snowflake, Sun, UserRoundPen } from "lucide-react";

export type CardActionIcons = Record<
  "freeze" | "unfreeze" | "topUp" | "withdraw" | "setLimits" | "edit" | "reassign" | "updateAddress" | "cancel" | "activate",
  ReactNode
>;

/** The card actions' icons, drawn by the server page and handed to the (client) actions bar as ready markup. */
export function cardActionIcons(): CardActionIcons {
  return {
    freeze: <Snowflake aria-hidden />,
    unfreeze: <Sun aria-hidden />,
    topUp: <ArrowDownToLine aria-hidden />,
    withdraw: <ArrowUpFromLine aria-hidden />,
    setLimits: <SlidersHorizontal aria-hidden />,
    edit: <Pencil aria-hidden />,
    reassign: <UserRoundPen aria-hidden />,
    updateAddress: <MapPin aria-hidden />,
    cancel: <Ban aria-hidden />,
    activate: <Power aria-hidden />,
  };
}
