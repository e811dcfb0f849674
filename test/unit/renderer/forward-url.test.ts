import { describe, expect, it } from 'vitest';
import { checkForwardUrl } from '../../../renderer/model/forward-url';

describe('checkForwardUrl', () => {
  it('adds http:// to a target typed without a scheme, and says so', () => {
    expect(checkForwardUrl(' localhost:3000/knithook ')).toEqual({
      ok: true,
      url: 'http://localhost:3000/knithook',
      note: 'Added http:// in front: forwarding to http://localhost:3000/knithook.',
    });
  });
  it('keeps a full http(s) URL as typed', () => {
    expect(checkForwardUrl('https://hooks.example.com/knit')).toEqual({ ok: true, url: 'https://hooks.example.com/knit', note: null });
  });
  it('refuses other schemes and non-URLs in plain words with an example', () => {
    for (const text of ['ftp://files.example.com/x', 'http://exa mple.com', '']) {
      const r = checkForwardUrl(text);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error).toContain('Enter a full http:// or https:// URL, e.g. http://localhost:3000/knithook');
    }
  });
});
