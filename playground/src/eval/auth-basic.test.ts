import { describe, expect, it } from 'vitest';
import { basicAuthUser, decodeBase64 } from './auth-basic';

describe('$remote_user from a Basic Authorization header', () => {
  it('is the part of the credentials before the first colon', () => {
    expect(basicAuthUser('Basic dXNlcjpzZWNyZXQ=')).toBe('user'); // user:secret
    expect(basicAuthUser('basic   dXNlcjpzZWNyZXQ=')).toBe('user');
    expect(basicAuthUser('Basic YTpiOmM=')).toBe('a'); // a:b:c
  });

  it('is nothing without a scheme, a colon or a user name, or with bad base64', () => {
    expect(basicAuthUser(undefined)).toBeNull();
    expect(basicAuthUser('Bearer dXNlcjpzZWNyZXQ=')).toBeNull();
    expect(basicAuthUser('Basic ')).toBeNull();
    expect(basicAuthUser('Basic dXNlcg==')).toBeNull(); // user
    expect(basicAuthUser('Basic OnNlY3JldA==')).toBeNull(); // :secret
    expect(basicAuthUser('Basic dXNl*jpz')).toBeNull();
  });

  it('decodes as nginx does: stops at "=", refuses 4n+1 digits, keeps a short tail', () => {
    expect(decodeBase64('YWI=ignored')).toBe('ab');
    expect(decodeBase64('YWJjZ')).toBeNull();
    expect(decodeBase64('YWJjZA')).toBe('abcd');
  });
});
