/**
 * A forward or replay URL's credentials (`http://user:pass@host/`, RFC 3986 section 3.2.1 userinfo): kept
 * apart from the URL so that the settings document, the attempt log, the log and the UI only ever see the URL
 * without them, or with the password masked (`http://user:•••@host/`). The request still sends them: Node's
 * http.request turns a URL's userinfo into `Authorization: Basic` (RFC 7617).
 */

/** What stands for a password wherever a URL is shown. */
export const PASSWORD_MASK = '•••';

/** A URL split into its part without userinfo and the userinfo as it appears in the URL (`user:pass`). */
export interface SplitUrl {
  url: string;
  /** `user:pass` (percent-encoded as in the URL), `user` alone, or null when the URL carries none. */
  credentials: string | null;
}

/** Splits `text` (an absolute URL) into the URL without userinfo and the userinfo. Non-URLs come back as they are. */
export function splitCredentials(text: string): SplitUrl {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { url: text, credentials: null };
  }
  if (!url.username && !url.password) return { url: url.href, credentials: null };
  const credentials = url.password ? `${url.username}:${url.password}` : url.username;
  url.username = '';
  url.password = '';
  return { url: url.href, credentials };
}

/** `url` with `credentials` put back as its userinfo (what is sent). */
export function withCredentials(url: string, credentials: string | null): string {
  if (credentials === null) return url;
  const parsed = new URL(url);
  const colon = credentials.indexOf(':');
  parsed.username = colon < 0 ? credentials : credentials.slice(0, colon);
  if (colon >= 0) parsed.password = credentials.slice(colon + 1);
  return parsed.href;
}

/** `url` as shown: the user name kept, the password replaced by `•••` (a user name alone is masked whole). */
export function maskedUrl(url: string, credentials: string | null): string {
  if (credentials === null) return url;
  const colon = credentials.indexOf(':');
  const userinfo = colon < 0 ? PASSWORD_MASK : `${credentials.slice(0, colon)}:${PASSWORD_MASK}`;
  const scheme = url.indexOf('//') + 2;
  return `${url.slice(0, scheme)}${userinfo}@${url.slice(scheme)}`;
}

/** A URL's text with any userinfo masked: for a URL that may carry credentials, before it is logged or shown. */
export function maskUrlText(text: string): string {
  const { url, credentials } = splitCredentials(text);
  return maskedUrl(url, credentials);
}

/** Whether `text` is a URL whose secret part is the mask: the UI sent back a URL as it was shown. */
export function isMaskedUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return decodeURIComponent(url.password || url.username) === PASSWORD_MASK;
  } catch {
    return false;
  }
}
