/**
 * How the headless UI presents its per-run token (the `?token=` of the printed `ui` link) to the UI server:
 * `Authorization: Bearer <token>` on HTTP calls (RFC 6750), and on the update WebSocket, where a browser
 * cannot set headers, the subprotocols `knit-ui` and `knit-token.<token>` (RFC 6455 section 1.9; the token is
 * base64url, a valid HTTP token). The server answers with `knit-ui` only.
 */

/** The WebSocket subprotocol the page asks for and the server selects. */
export const UI_SUBPROTOCOL = 'knit-ui';
/** The prefix of the subprotocol carrying the token: `knit-token.<token>`. */
export const TOKEN_SUBPROTOCOL_PREFIX = 'knit-token.';
