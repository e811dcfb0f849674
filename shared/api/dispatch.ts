/**
 * One CompanionApi call from a transport's edge (IPC handler, `POST /api/<method>`, `POST /control/<method>`):
 * the method is looked up as an own entry of COMPANION_INPUTS only (`constructor` or `toString` name no
 * method), its input is validated once with its schema, and the outcome is one ApiReply.
 */
import type { z } from 'zod';
import { COMPANION_INPUTS, type CompanionApi, type CompanionMethod } from './companion-api';
import { errorReply, failure, type ApiFailure, type ApiReply, type FieldError } from './reply';

/** Whether `name` is a method of the contract (own names only: nothing inherited from Object.prototype). */
export const isCompanionMethod = (name: string): name is CompanionMethod => Object.hasOwn(COMPANION_INPUTS, name);

/**
 * The zod issues as field sentences. Our schemas' messages are sentences already (they end with a period);
 * zod's built-in ones are fragments and get the field's path in front.
 */
export function fieldErrors(issues: readonly z.core.$ZodIssue[]): FieldError[] {
  return issues.map((issue) => {
    const field = issue.path.map(String).join('.');
    const message = /[.?!]$/.test(issue.message) ? issue.message : `${field || 'The input'}: ${issue.message}.`;
    return { field, message };
  });
}

/** Validates `input` for `method`: the parsed input, or the `invalid_input` reply naming each field. */
export function parseInput(method: CompanionMethod, input: unknown): { ok: true; data: unknown } | ApiFailure {
  const parsed = COMPANION_INPUTS[method].safeParse(input);
  if (parsed.success) return { ok: true, data: parsed.data };
  const fields = fieldErrors(parsed.error.issues);
  return failure('invalid_input', fields.map((f) => f.message).join(' '), fields);
}

/**
 * Looks `name` up, validates `input` and calls `api` (which does not validate again). Never throws: an unknown
 * name is `no_such_method`, a bad input `invalid_input`, a thrown error its ApiReply (reply.ts).
 */
export async function dispatch(api: Omit<CompanionApi, 'subscribe'>, name: string, input: unknown): Promise<ApiReply> {
  if (!isCompanionMethod(name)) return failure('no_such_method', `There is no method named "${name.slice(0, 100)}".`);
  const parsed = parseInput(name, input);
  if (!parsed.ok) return parsed;
  try {
    // The one call by name: the schema table is typed against each method's parameter (companion-api.ts).
    const method = api[name] as (input: unknown) => Promise<unknown>;
    return { ok: true, result: (await method.call(api, parsed.data)) ?? null };
  } catch (error) {
    return errorReply(error);
  }
}
