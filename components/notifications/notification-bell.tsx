"use client";

import { useCallback, useEffect, useState, type ComponentType } from "react";
import { bellLabel, BellIcon } from "./bell-icon";
import { fetchNotifications, type NotificationFeed } from "./notification-types";

const POLL_MS = 15_000;

type MenuProps = { feed: NotificationFeed; refresh: () => Promise<void>; defaultOpen?: boolean };
const loadMenu = () => import("./notification-menu").then((module) => module.NotificationMenu as ComponentType<MenuProps>);

/** The same look as the ghost icon Button, without its dependencies: this trigger is in every page's first load. */
const TRIGGER =
  "hover:bg-accent hover:text-accent-foreground focus-visible:ring-ring/50 relative inline-flex size-9 shrink-0 items-center justify-center rounded-md outline-none focus-visible:ring-[3px] disabled:opacity-50 [&_svg]:size-4";

/**
 * The header bell: unread count, polled so new notifications appear without a reload. It is on every page, so its
 * menu (the dropdown library and the list) is loaded only when first wanted — the download starts on hover or focus —
 * and then renders in the trigger's place, open.
 */
export function NotificationBell({ initial }: { initial: NotificationFeed }) {
  const [feed, setFeed] = useState(initial);
  const [Menu, setMenu] = useState<ComponentType<MenuProps> | null>(null);
  const [loading, setLoading] = useState(false);
  const refresh = useCallback(async () => {
    try {
      setFeed(await fetchNotifications());
    } catch {
      // A failed poll keeps the last feed on screen; the next one tries again.
    }
  }, []);
  useEffect(() => {
    const timer = setInterval(() => void refresh(), POLL_MS);
    return () => clearInterval(timer);
  }, [refresh]);

  if (Menu) return <Menu feed={feed} refresh={refresh} defaultOpen />;
  const open = () => {
    setLoading(true);
    loadMenu().then(
      (Loaded) => setMenu(() => Loaded),
      () => setLoading(false),
    );
  };
  return (
    <button
      type="button"
      className={TRIGGER}
      aria-label={bellLabel(feed)}
      aria-haspopup="menu"
      aria-busy={loading}
      disabled={loading}
      onPointerEnter={() => void loadMenu().catch(() => undefined)}
      onFocus={() => void loadMenu().catch(() => undefined)}
      onClick={open}
    >
      <BellIcon unread={feed.unread} />
    </button>
  );
}
