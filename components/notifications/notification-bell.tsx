"use client";

import { useCallback, useEffect, useRef, useState, type ComponentType } from "react";
import { useRouter } from "next/navigation";
import { bellLabel, BellIcon } from "./bell-icon";
import { feedChangeKey, fetchNotifications, type NotificationFeed } from "./notification-types";

const POLL_MS = 15_000;

type MenuProps = { feed: NotificationFeed; refresh: () => Promise<void>; defaultOpen?: boolean; openedByKey?: boolean };
const loadMenu = () => import("./notification-menu").then((module) => module.NotificationMenu as ComponentType<MenuProps>);

/**
 * A dialog open or a field being typed in: re-rendering the page now could move what the person is working on (an
 * inbox row decided elsewhere would leave the list, taking its open Approve dialog along). Every dialog and sheet is a
 * native <dialog> (components/ui/native-modal.tsx), which has no role attribute to match.
 */
const personIsBusy = () => document.querySelector("dialog[open],[role=dialog],[role=alertdialog],:is(input,textarea,select):focus") !== null;

/**
 * The header bell: unread count, polled so new notifications appear without a reload; a new one, or a change in what
 * waits for the person, has the page read again, so its lists and counts follow. It is on every page, so its
 * menu (the dropdown library and the list) is loaded only when first wanted — the download starts on hover or focus —
 * and then renders in the trigger's place, open.
 */
export function NotificationBell({ initial }: { initial: NotificationFeed }) {
  const [feed, setFeed] = useState(initial);
  const [Menu, setMenu] = useState<ComponentType<MenuProps> | null>(null);
  const [loading, setLoading] = useState(false);
  const [openedByKey, setOpenedByKey] = useState(false);
  const router = useRouter();
  // What the page was last rendered with: the server renders its counts and lists (the navigation's "waiting for
  // you", the requests inbox), so it is read again once the feed differs, but not under a person deciding or typing.
  const rendered = useRef(feedChangeKey(initial));
  // SECURITY: whom this tab was drawn for. Signed out, or someone else signed in, in this browser since (in another
  // tab): acting from it would act as them under the first person's name, and a page re-rendered in place (a live
  // refresh) would keep the first person's notices and typed values. The whole page is loaded again, for whoever it
  // is now, or as the sign-in page.
  const drawnFor = useRef(initial.viewer);
  useEffect(() => {
    if (initial.viewer !== drawnFor.current) location.reload();
  }, [initial.viewer]);
  // The page rendered again (after an action here, a decision say, or a live refresh) brings the feed as it is now:
  // shown at once, not up to a poll later, so the bell never says a request waits that the inbox beside it no longer lists.
  const [renderedFeed, setRenderedFeed] = useState(initial);
  if (renderedFeed !== initial) {
    setRenderedFeed(initial);
    setFeed(initial);
  }
  useEffect(() => {
    rendered.current = feedChangeKey(initial);
  }, [initial]);
  const refresh = useCallback(async () => {
    try {
      const next = await fetchNotifications();
      if (next?.viewer !== drawnFor.current) return location.reload();
      setFeed(next);
      const key = feedChangeKey(next);
      if (key !== rendered.current && !personIsBusy()) {
        rendered.current = key;
        router.refresh();
      }
    } catch {
      // A failed poll keeps the last feed on screen; the next one tries again.
    }
  }, [router]);
  useEffect(() => {
    const timer = setInterval(() => void refresh(), POLL_MS);
    // Back to this tab: asked at once, not up to a poll later, so a tab left open behind a sign-out is caught first.
    const onVisible = () => document.visibilityState === "visible" && void refresh();
    document.addEventListener("visibilitychange", onVisible);
    return () => {
      clearInterval(timer);
      document.removeEventListener("visibilitychange", onVisible);
    };
  }, [refresh]);

  if (Menu) return <Menu feed={feed} refresh={refresh} defaultOpen openedByKey={openedByKey} />;
  const open = (byKey: boolean) => {
    setOpenedByKey(byKey);
    setLoading(true);
    loadMenu().then(
      (Loaded) => setMenu(() => Loaded),
      () => setLoading(false),
    );
  };
  return (
    <button
      type="button"
      // The ghost icon Button's look, without its dependencies (.bell-trigger, app/globals.css): this is in every page's first load.
      className="bell-trigger"
      aria-label={bellLabel(feed)}
      aria-haspopup="menu"
      aria-busy={loading}
      disabled={loading}
      onPointerEnter={() => void loadMenu().catch(() => undefined)}
      onFocus={() => void loadMenu().catch(() => undefined)}
      // A click from Enter or Space has no pointer count (detail 0): the menu then opens on its first item.
      onClick={(event) => open(event.detail === 0)}
    >
      <BellIcon unread={feed.unread} />
    </button>
  );
}
