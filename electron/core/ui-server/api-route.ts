/**
 * `POST /api/<method>`: one CompanionApi call. The body is the method's input as JSON (empty for none),
 * validated once by dispatch (shared/api/dispatch.ts); the answer is the one ApiReply envelope with the one
 * status rule of shared/api/reply.ts (405 not POST, 413 too large, 415 not JSON, besides the call's own).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CompanionApi } from '../../../shared/api/companion-api';
import { dispatch, isCompanionMethod } from '../../../shared/api/dispatch';
import { errorReply, failure } from '../../../shared/api/reply';
import { readJsonInput, sendReply } from '../http/json-call';

/** Largest accepted request body: an export of 100,000 selected event ids fits. */
export const MAX_API_BODY_BYTES = 8 * 1024 * 1024;

/** Handles one `/api/<method>` request against `api` (which does not validate again); never throws. */
export async function handleApiCall(
  api: CompanionApi,
  methodName: string,
  req: IncomingMessage,
  res: ServerResponse,
  headers: Record<string, string>,
): Promise<void> {
  try {
    if (isCompanionMethod(methodName) && req.method !== 'POST') {
      req.resume();
      return sendReply(res, failure('method_not_allowed', `Call ${methodName} with POST.`), headers);
    }
    const input = await readJsonInput(req, MAX_API_BODY_BYTES, true);
    sendReply(res, await dispatch(api, methodName, input), headers);
  } catch (err) {
    if (!res.headersSent) sendReply(res, errorReply(err), headers);
    else res.destroy();
  }
}
