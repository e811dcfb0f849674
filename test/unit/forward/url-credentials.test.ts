import { describe, expect, it } from 'vitest';
import { isMaskedUrl, maskedUrl, maskUrlText, splitCredentials, withCredentials } from '../../../electron/core/forward/url-credentials';

describe('URL credentials', () => {
  it('splits a URL into the URL without userinfo and the userinfo, and puts it back', () => {
    expect(splitCredentials('http://user:p%40ss@127.0.0.1:3000/hook?x=1')).toEqual({ url: 'http://127.0.0.1:3000/hook?x=1', credentials: 'user:p%40ss' });
    expect(splitCredentials('http://token@host/')).toEqual({ url: 'http://host/', credentials: 'token' });
    expect(splitCredentials('http://host/')).toEqual({ url: 'http://host/', credentials: null });
    expect(withCredentials('http://127.0.0.1:3000/hook', 'user:p%40ss')).toBe('http://user:p%40ss@127.0.0.1:3000/hook');
    expect(withCredentials('http://host/', 'token')).toBe('http://token@host/');
  });

  it('masks the password (or a user name alone) wherever a URL is shown, and recognises a URL sent back masked', () => {
    expect(maskedUrl('http://host/hook', 'user:secret')).toBe('http://user:•••@host/hook');
    expect(maskedUrl('http://host/', 'token')).toBe('http://•••@host/');
    expect(maskUrlText('https://user:secret@host/x')).toBe('https://user:•••@host/x');
    expect(maskUrlText('https://host/x')).toBe('https://host/x');
    expect(isMaskedUrl('http://user:•••@host/hook')).toBe(true);
    expect(isMaskedUrl('http://•••@host/')).toBe(true);
    expect(isMaskedUrl('http://user:secret@host/')).toBe(false);
  });
});
