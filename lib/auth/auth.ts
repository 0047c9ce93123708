import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { z } from "zod";
import { getDb } from "@/db/client";
import { env } from "@/lib/env";
import { findSession } from "@/db/queries/sessions";
import { findUserById } from "@/db/queries/users";
import { authenticate } from "./authenticate";
import { endSession } from "./end-session";
import { currentRequestMeta, metaFromHeaders } from "./request-meta";
import { safeRedirectPath } from "./safe-redirect";

const credentialsSchema = z.object({
  email: z.string().trim().min(1).max(320),
  password: z.string().min(1).max(1024),
  code: z.string().max(32).optional(),
});

class InvalidCredentials extends CredentialsSignin {
  override code = "invalid_credentials";
}

class AccountDeactivated extends CredentialsSignin {
  override code = "account_deactivated";
}

class TwoFactorRequired extends CredentialsSignin {
  override code = "two_factor_required";
}

class InvalidTwoFactorCode extends CredentialsSignin {
  override code = "invalid_two_factor_code";
}

class TooManyAttempts extends CredentialsSignin {
  constructor(readonly retryAfterSeconds: number) {
    super();
    this.code = `rate_limited:${retryAfterSeconds}`;
  }
}

declare module "next-auth" {
  interface User {
    sessionId?: string;
  }
  interface Session {
    sessionId?: string;
  }
}

/**
 * Auth.js keeps only a signed, encrypted cookie naming a server-side session row; who the user is and whether the
 * session still counts is decided by resolveSession on every request (lib/auth/current-user).
 */
export const { handlers, auth, signIn, signOut } = NextAuth(() => ({
  trustHost: true,
  secret: env().AUTH_SECRET,
  session: { strategy: "jwt", maxAge: env().SESSION_MAX_HOURS * 3600 },
  pages: { signIn: "/sign-in", error: "/sign-in" },
  logger: {
    // A failed sign-in is an expected event (and is audited); do not spill stack traces for it.
    error(error) {
      if (error.name === "CredentialsSignin" || (error as { type?: string }).type === "CredentialsSignin") return;
      console.error("[auth]", error.name, error.message);
    },
    warn() {},
  },
  providers: [
    Credentials({
      credentials: { email: { label: "Email" }, password: { label: "Password", type: "password" }, code: { label: "Code" } },
      async authorize(raw, request) {
        const parsed = credentialsSchema.safeParse(raw);
        if (!parsed.success) throw new InvalidCredentials();
        const result = await authenticate(getDb(), { ...parsed.data, meta: metaFromHeaders(request.headers) });
        if (result.ok) return { id: result.user.id, email: result.user.email, name: result.user.name, sessionId: result.sessionId };
        if (result.reason === "rate_limited") throw new TooManyAttempts(result.retryAfterSeconds);
        if (result.reason === "two_factor_required") throw new TwoFactorRequired();
        if (result.reason === "deactivated") throw new AccountDeactivated();
        if (result.reason === "invalid_code") throw new InvalidTwoFactorCode();
        throw new InvalidCredentials();
      },
    }),
  ],
  events: {
    // Auth.js's own POST /api/auth/signout only clears the cookie: the server session is revoked here, so a
    // replayed copy of the cookie opens nothing. Idempotent with signOutAction, which ends it first.
    async signOut(message) {
      const sessionId = "token" in message && typeof message.token?.sid === "string" ? message.token.sid : null;
      if (!sessionId) return;
      const db = getDb();
      const session = await findSession(db, sessionId);
      const owner = session ? await findUserById(db, session.userId) : null;
      if (!session || !owner) return;
      const meta = await currentRequestMeta().catch(() => ({ ip: null, userAgent: null }));
      await endSession(db, { sessionId, owner, reason: "signed_out", meta });
    },
  },
  callbacks: {
    // Only paths on this site, whatever callbackUrl or redirectTo a request carries.
    redirect({ url, baseUrl }) {
      if (url.startsWith("/")) return `${baseUrl}${safeRedirectPath(url)}`;
      try {
        const parsed = new URL(url);
        if (parsed.origin === new URL(baseUrl).origin) return `${baseUrl}${safeRedirectPath(`${parsed.pathname}${parsed.search}${parsed.hash}`)}`;
      } catch {
        // not a URL: home
      }
      return baseUrl;
    },
    jwt({ token, user }) {
      if (user?.sessionId) token.sid = user.sessionId;
      return token;
    },
    session({ session, token }) {
      if (typeof token.sid === "string") session.sessionId = token.sid;
      return session;
    },
  },
}));
