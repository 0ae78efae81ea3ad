import type { Metadata, Viewport } from "next";
import { geistMono, geistSans } from "./fonts/geist";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Bulkhead", template: "%s · Bulkhead" },
  description: "Internal developer portal: modules, scaffolding, account vending and the estate.",
  icons: { icon: "/favicon.svg" },
};

export const viewport: Viewport = {
  themeColor: [
    { media: "(prefers-color-scheme: light)", color: "#fafafa" },
    { media: "(prefers-color-scheme: dark)", color: "#09090b" },
  ],
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en" className={`${geistSans.variable} ${geistMono.variable}`}>
      <body className="min-h-dvh font-sans">
        {children}
      </body>
    </html>
  );
}
