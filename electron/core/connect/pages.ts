/**
 * The component pages handed out by `startConnect`: each is reached with its own one-purpose token (24 random
 * bytes), which opens that page and posts that session's component events, nothing else: it is not the UI's
 * credential and reaches no CompanionApi method. A page expires with Knit's session (30 minutes); the map is
 * bounded (oldest dropped).
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';

/** One component page: which environment's component, with which session token, for which organisation. */
export interface ConnectPage {
  /** The one-purpose token (in the page's path); never logged. */
  token: string;
  connectId: string;
  environment: string;
  /** The component's module script URL. */
  componentUrl: string;
  /** auth.createSession's token, set as the `authsessiontoken` attribute. */
  sessionToken: string;
  originOrgName: string;
  expiresAt: number;
}

const PAGE_TTL_MS = 30 * 60 * 1000;
const MAX_PAGES = 20;

/** The live pages, by token. */
export class ConnectPages {
  private readonly pages = new Map<string, ConnectPage>();

  /** Adds a page for a new session. */
  add(page: Omit<ConnectPage, 'token' | 'connectId' | 'expiresAt'>, now = Date.now()): ConnectPage {
    const full: ConnectPage = {
      ...page,
      token: randomBytes(24).toString('base64url'),
      connectId: `cn_${randomBytes(9).toString('base64url')}`,
      expiresAt: now + PAGE_TTL_MS,
    };
    this.pages.set(full.token, full);
    while (this.pages.size > MAX_PAGES) this.pages.delete(this.pages.keys().next().value as string);
    return full;
  }

  /** The live page of `token` (constant-time comparison), or null. */
  find(token: unknown, now = Date.now()): ConnectPage | null {
    if (typeof token !== 'string' || token.length === 0) return null;
    const given = Buffer.from(token);
    for (const page of this.pages.values()) {
      const own = Buffer.from(page.token);
      if (own.length === given.length && timingSafeEqual(own, given)) return page.expiresAt > now ? page : null;
    }
    return null;
  }
}
