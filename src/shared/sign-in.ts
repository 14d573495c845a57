import { z } from 'zod';

/**
 * A remote server's OAuth sign-in as the control center shows it. JSON-safe; never carries a
 * token (only who, which scopes, and until when).
 */
export const SignInStatusSchema = z.object({
  /** `signed-in`; `needs-signin` (never signed in, refused refresh, wider scope asked); `signing-in`. */
  state: z.enum(['signed-in', 'needs-signin', 'signing-in']),
  /** Who the authorization server says signed in (the ID token's email, name or subject). */
  signedInAs: z.string().optional(),
  scopes: z.array(z.string()).default([]),
  /** When the access token expires (epoch ms); it is refreshed before then. */
  expiresAt: z.number().optional(),
  /** The authorization server that issued the tokens. */
  issuer: z.string().optional(),
  /** Why a sign-in is needed, or why the last one failed. */
  reason: z.string().optional(),
});
export type SignInStatus = z.infer<typeof SignInStatusSchema>;

/** Starts a sign-in: the id, and optionally a client a person registered by hand. */
export const StartSignInSchema = z.object({
  id: z.string().min(1),
  /** A pre-registered client, for providers without dynamic registration. */
  clientId: z.string().min(1).max(512).optional(),
  clientSecret: z.string().min(1).max(512).optional(),
  /** Scopes to ask for (space-separated); by default what the server advertises. */
  scope: z.string().max(1000).optional(),
});
export type StartSignIn = z.infer<typeof StartSignInSchema>;

/** The page to open to sign in (the authorization server's, with PKCE and the resource). */
export const SignInStartedSchema = z.object({ url: z.string() });
export type SignInStarted = z.infer<typeof SignInStartedSchema>;
