import type { Metadata, Viewport } from "next";
import { ThemeScript } from "@/components/layout/theme-script";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Cardhub", template: "%s · Cardhub" },
  description: "Corporate virtual cards across your card-issuing providers",
};

export const viewport: Viewport = { width: "device-width", initialScale: 1 };


export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en" suppressHydrationWarning>
      <head>
        <ThemeScript />
      </head>
      <body className="min-h-dvh">{children}</body>
    </html>
  );
}
