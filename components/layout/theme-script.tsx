"use client";

// Runs before paint so the chosen theme never flashes; the choice itself is not sensitive.
const THEME_SCRIPT = `(function(){try{var t=localStorage.getItem("theme");var d=t==="dark"||(t!=="light"&&matchMedia("(prefers-color-scheme: dark)").matches);document.documentElement.classList.toggle("dark",d)}catch(e){}})()`;

/**
 * The theme initializer, in the server-rendered HTML only. A <script> React renders in the browser never runs,
 * and React 19 reports it as an error ("Encountered a script tag while rendering React component"): that happens
 * whenever the root layout mounts on the client, as it does for the 403 and 404 boundaries. On the client this
 * renders nothing; hydration skips the server's tag (React 19 tolerates extra tags in <head>), which has already run.
 */
export function ThemeScript() {
  if (typeof window !== "undefined") return null;
  return <script dangerouslySetInnerHTML={{ __html: THEME_SCRIPT }} />;
}
