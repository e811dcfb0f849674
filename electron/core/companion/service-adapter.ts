/**
 * The Companion's transport adapters: the CompanionService a shell holds (methods validating their input at
 * the in-process edge, `unchecked` for transports that validate at their own edge) and one call through the
 * control endpoint (shared/api/dispatch.ts validates it).
 */
import { COMPANION_METHODS, type CompanionApi, type CompanionMethod } from '../../../shared/api/companion-api';
import { dispatch, parseInput } from '../../../shared/api/dispatch';
import { ApiError, errorReply, type ApiReply } from '../../../shared/api/reply';
import type { Connections } from '../connect/connections';
import type { CompanionService } from './companion-service';
import type { UpdateBatcher } from './updates';

type Method = (input?: unknown) => Promise<unknown>;

/** What the service adds to the API: updates, Knit's UI component pages, the listener's URL, close. */
export interface ServiceParts {
  updates: UpdateBatcher;
  connections: Connections;
  listenerUrl(): string;
  close(): Promise<void>;
}

/** The CompanionService over `api`: each method bound, validating its input (the CLI's commands call these). */
export function serviceOf(api: CompanionApi, parts: ServiceParts): CompanionService {
  const checked = {} as Record<CompanionMethod, Method>;
  const unchecked = {} as Record<CompanionMethod, Method>;
  for (const method of COMPANION_METHODS) {
    const fn = (api[method] as Method).bind(api);
    unchecked[method] = fn;
    checked[method] = async (input) => {
      const parsed = parseInput(method, input);
      if (!parsed.ok) throw new ApiError(parsed.code, parsed.error, parsed.fields);
      return fn(parsed.data);
    };
  }
  const subscribe = (listener: Parameters<CompanionApi['subscribe']>[0]) => parts.updates.subscribe(listener);
  const { connections } = parts;
  return Object.assign(checked as unknown as CompanionApi, {
    subscribe,
    connect: {
      page: (token: string) => connections.pages.find(token),
      event: (token: string, event: unknown) => connections.componentEvent(token, event),
      setWindowOpener: (open: Connections['openWindow'] | null) => void (connections.openWindow = open ?? undefined),
    },
    unchecked: Object.assign(unchecked as unknown as CompanionApi, { subscribe }),
    get listenerUrl() {
      return parts.listenerUrl();
    },
    close: parts.close,
  });
}

/** One call through the control endpoint: `extra`'s methods (own names only), else the CompanionApi. */
export async function controlCall(
  api: CompanionApi,
  extra: Record<string, (input: unknown) => Promise<unknown>> | undefined,
  name: string,
  input: unknown,
): Promise<ApiReply> {
  if (!extra || !Object.hasOwn(extra, name)) return dispatch(api, name, input);
  try {
    return { ok: true, result: (await (extra[name] as (input: unknown) => Promise<unknown>)(input)) ?? null };
  } catch (error) {
    return errorReply(error);
  }
}
