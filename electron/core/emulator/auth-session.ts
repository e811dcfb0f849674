/**
 * The emulator's side of Knit's UI component (Knit's "Auth Session Creation API" and "UI component event
 * glossary"): `auth.createSession` (the token answered at `msg.token`, not under `data`), the component script
 * at `/knit-ui-comp.js` (component-script.ts), and the calls that script makes back to its own origin:
 * the apps to list, completing a connection (a new `int_…` integration, then a signed `app.integration.activate`
 * to the registered webhook, with validation errors when the user chose "fail validation"), and deactivating.
 * The `/ui/*` calls are authenticated by the session token alone (the script runs on another origin: CORS).
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { sendActivation, type ActivationFacts } from './activation';
import { bearerMatches, EMULATOR_API_BASE_PATH, send, type KnitApiServerOptions } from './api-server';
import { COMPONENT_SCRIPT } from './component-script';
import { knitId } from './ids';

/** The HR systems the emulated component offers (ids in Knit's style; the category is HRIS). */
export const EMULATED_APPS = [
  { appId: 'bamboohr', name: 'BambooHR' },
  { appId: 'hibob', name: 'HiBob' },
  { appId: 'personio', name: 'Personio' },
  { appId: 'workday', name: 'Workday' },
] as const;
export const EMULATED_CATEGORY = 'HRIS';

/** Knit's limit on test accounts (Knit's "Integrated accounts settings"); they are deactivated after 30 days. */
export const MAX_TEST_ACCOUNTS = 3;
const SESSION_TTL_MS = 30 * 60 * 1000;

/** The body of `auth.createSession` (Knit's "Auth Session Creation API"). */
export const CreateSessionBodySchema = z.object({
  originOrgId: z.string().min(1).max(200),
  originOrgName: z.string().min(1).max(200),
  originUserEmail: z.string().min(1).max(320),
  originUserName: z.string().min(1).max(200),
  filters: z
    .array(z.object({ category: z.string().max(50), apps: z.array(z.string().max(50)).max(50) }))
    .max(10)
    .optional(),
  testAccount: z.boolean().optional(),
});
export type CreateSessionBody = z.infer<typeof CreateSessionBodySchema>;

/** What `onFinish` carries in `detail.integrationDetails` (Knit's "UI component event glossary"). */
export interface IntegrationDetails {
  integrationId: string;
  appId: string;
  categoryId: string;
  originOrgId: string;
  success: boolean;
}

interface Session {
  body: CreateSessionBody;
  expiresAt: number;
}

/** An integration connected through the emulated component. */
export interface EmulatedIntegration extends IntegrationDetails {
  testAccount: boolean;
  deactivated: boolean;
}

/** Sessions and integrations of the emulated UI component; the webhook and key come from the Emulator. */
export class AuthSessions {
  private readonly sessions = new Map<string, Session>();
  readonly integrations = new Map<string, EmulatedIntegration>();

  constructor(private readonly deps: { apiKey: string; webhookUrl(): string | null; log?: (line: string) => void; activationDelayMs?: number }) {}

  /** `auth.createSession`: a new token valid for 30 minutes. */
  create(body: CreateSessionBody): string {
    const now = Date.now();
    for (const [token, session] of this.sessions) if (session.expiresAt < now) this.sessions.delete(token); // bounded by the TTL
    const token = `ks_${randomBytes(24).toString('base64url')}`;
    this.sessions.set(token, { body, expiresAt: Date.now() + SESSION_TTL_MS });
    return token;
  }

  /** The apps a session may connect (its filters' apps, else all). @throws SessionError */
  apps(token: string): Array<{ appId: string; name: string }> {
    const { body } = this.session(token);
    const allowed = new Set((body.filters ?? []).flatMap((f) => f.apps));
    return EMULATED_APPS.filter((a) => allowed.size === 0 || allowed.has(a.appId));
  }

  /**
   * Connects `appId` for the session: a new integration; then, after a short "validation", a signed
   * `app.integration.activate` to the registered webhook (with errors when `failValidation`).
   * @throws SessionError for an unknown or expired token, an app not offered, or a 4th test account
   */
  complete(token: string, appId: string, failValidation: boolean): IntegrationDetails {
    const session = this.session(token);
    if (!this.apps(token).some((a) => a.appId === appId)) throw new SessionError(400, `The app ${appId} is not offered in this session.`);
    const testAccount = session.body.testAccount ?? false;
    const activeTests = [...this.integrations.values()].filter((i) => i.testAccount && !i.deactivated).length;
    if (testAccount && activeTests >= MAX_TEST_ACCOUNTS) throw new SessionError(400, `Knit allows ${MAX_TEST_ACCOUNTS} test accounts: deactivate one first.`);
    const details: IntegrationDetails = {
      integrationId: knitId('int'),
      appId,
      categoryId: EMULATED_CATEGORY,
      originOrgId: session.body.originOrgId,
      success: true,
    };
    this.integrations.set(details.integrationId, { ...details, testAccount, deactivated: false });
    const facts: ActivationFacts = {
      integrationId: details.integrationId,
      appId,
      categoryId: details.categoryId,
      originOrgId: details.originOrgId,
      validationErrors: failValidation
        ? [{ code: 'INVALID_CREDENTIALS', message: `${appId} refused the credentials: the API user cannot read employees.` }]
        : [],
    };
    setTimeout(() => void this.activate(facts), this.deps.activationDelayMs ?? 300).unref();
    return details;
  }

  /** Deactivates an integration of the session's organisation. @throws SessionError */
  deactivate(token: string, integrationId: string): IntegrationDetails {
    const session = this.session(token);
    const integration = this.integrations.get(integrationId);
    if (!integration || integration.originOrgId !== session.body.originOrgId)
      throw new SessionError(404, `No integration ${integrationId} for this organisation.`);
    integration.deactivated = true;
    const { testAccount: _t, deactivated: _d, ...details } = integration;
    return details;
  }

  private async activate(facts: ActivationFacts): Promise<void> {
    const url = this.deps.webhookUrl();
    if (!url) return this.deps.log?.(`knit emulator: no webhook registered: app.integration.activate of ${facts.integrationId} not sent`);
    const status = await sendActivation(url, this.deps.apiKey, facts);
    this.deps.log?.(`knit emulator: app.integration.activate of ${facts.integrationId} to ${url}: ${status ?? 'unreachable'}`);
  }

  private session(token: string): Session {
    const session = typeof token === 'string' ? this.sessions.get(token) : undefined;
    if (!session) throw new SessionError(401, 'Unknown session token: create a new session.');
    if (session.expiresAt < Date.now()) throw new SessionError(401, 'The session expired: create a new session.');
    return session;
  }
}

/** A refusal of a component call, with its HTTP status. */
export class SessionError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const UiCallSchema = z.object({
  token: z.string().min(1).max(200),
  appId: z.string().max(50).optional(),
  failValidation: z.boolean().optional(),
  integrationId: z.string().max(200).optional(),
});

const CORS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'POST, OPTIONS',
  'access-control-allow-headers': 'content-type',
  'access-control-max-age': '600',
};

/**
 * Serves the component script and its `/ui/*` calls; `auth.createSession` is answered by `createSession`
 * (the API server checks the key first). @returns false when `path` is none of these.
 */
export async function handleComponentRoutes(
  sessions: AuthSessions,
  path: string,
  req: IncomingMessage,
  res: ServerResponse,
  readBody: () => Promise<string | null>,
): Promise<boolean> {
  if (path === '/knit-ui-comp.js') {
    req.resume();
    res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-store', 'access-control-allow-origin': '*' });
    res.end(req.method === 'HEAD' ? undefined : COMPONENT_SCRIPT);
    return true;
  }
  if (!path.startsWith('/ui/')) return false;
  if (req.method === 'OPTIONS') {
    req.resume();
    res.writeHead(204, CORS).end();
    return true;
  }
  const reply = (status: number, body: unknown) => {
    const text = JSON.stringify(body);
    res.writeHead(status, { ...CORS, 'content-type': 'application/json; charset=utf-8' }).end(text);
  };
  const raw = req.method === 'POST' ? await readBody() : (req.resume(), null);
  let input: z.infer<typeof UiCallSchema>;
  try {
    input = UiCallSchema.parse(JSON.parse(raw ?? 'null'));
  } catch {
    reply(400, { success: false, error: { msg: 'POST a JSON body with the session token' } });
    return true;
  }
  try {
    if (path === '/ui/session.apps') reply(200, { success: true, data: { apps: sessions.apps(input.token) } });
    else if (path === '/ui/session.complete')
      reply(200, { success: true, data: { integrationDetails: sessions.complete(input.token, input.appId ?? '', input.failValidation ?? false) } });
    else if (path === '/ui/session.deactivate')
      reply(200, { success: true, data: { integrationDetails: sessions.deactivate(input.token, input.integrationId ?? '') } });
    else reply(404, { success: false, error: { msg: `no such call: ${path}` } });
  } catch (error) {
    reply(error instanceof SessionError ? error.status : 500, { success: false, error: { msg: error instanceof Error ? error.message : String(error) } });
  }
  return true;
}

/**
 * The API server's extra routes: `auth.createSession` (key checked; the token at `msg.token`), then the
 * component script and its `/ui/*` calls.
 */
export function componentRoutes(sessions: AuthSessions, apiKey: string): NonNullable<KnitApiServerOptions['routes']> {
  return async (path, req, res, readBody) => {
    if (path !== `${EMULATOR_API_BASE_PATH}/auth.createSession`) return handleComponentRoutes(sessions, path, req, res, readBody);
    if (req.method !== 'POST') return false;
    if (!bearerMatches(req.headers.authorization, apiKey)) return (req.resume(), send(res, 401, { success: false, error: { msg: 'Invalid API key' } }), true);
    const raw = await readBody();
    let body: CreateSessionBody;
    try {
      body = CreateSessionBodySchema.parse(JSON.parse(raw ?? ''));
    } catch (error) {
      const msg = error instanceof z.ZodError ? z.prettifyError(error).replace(/\n/g, ' ') : 'request body is not JSON';
      send(res, 400, { success: false, error: { msg } });
      return true;
    }
    // Knit answers the token at msg.token, not under data (Knit's "Auth Session Creation API").
    send(res, 200, { success: true, msg: { token: sessions.create(body) } });
    return true;
  };
}

/** The component script's URL of an emulator whose API base is `baseUrl` (e.g. `http://127.0.0.1:4123/v1.0`). */
export function emulatedComponentUrl(baseUrl: string): string {
  return new URL('/knit-ui-comp.js', baseUrl).href;
}
