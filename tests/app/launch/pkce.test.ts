import { expect, test } from 'vitest';
import { codeChallengeS256, randomToken } from '../../../smart-app/src/launch/pkce.ts';

test('the S256 code challenge of RFC 7636 Appendix B’s verifier is the one the RFC gives', async () => {
  expect(await codeChallengeS256('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe(
    'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
  );
});

test('a code verifier is 43 unreserved characters (32 random bytes, base64url) and never repeats', () => {
  const tokens = Array.from({ length: 200 }, () => randomToken());
  for (const token of tokens) {
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  }
  expect(new Set(tokens).size).toBe(tokens.length);
});
