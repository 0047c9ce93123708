"use client";

/** Switches between the light and dark theme and remembers the choice; the icons and labels come from the server. */
export function ThemeToggleItem({ className, children }: { className?: string; children: React.ReactNode }) {
  return (
    <button
      type="button"
      className={className}
      onClick={() => {
        const dark = !document.documentElement.classList.contains("dark");
        document.documentElement.classList.toggle("dark", dark);
        localStorage.setItem("theme", dark ? "dark" : "light");
      }}
    >
      {children}
    </button>
  );
}
