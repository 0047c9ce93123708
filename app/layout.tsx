import type { Metadata, Viewport } from "next";
import { headers } from "next/headers";
import { ThemeScript } from "@/components/layout/theme-script";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Cardhub", template: "%s · Cardhub" },
  description: "Corporate virtual cards across your card-issuing providers",
};

export const viewport: Viewport = { width: "device-width", initialScale: 1 };


export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // The proxy's per-request nonce (proxy.ts): without it the Content-Security-Policy blocks this script.
  const nonce = (await headers()).get("x-nonce") ?? undefined;
  return (
    <html lang="en" suppressHydrationWarning>
      <head>
        <ThemeScript nonce={nonce} />
      </head>
      <body className="min-h-dvh">{children}</body>
    </html>
  );
}
