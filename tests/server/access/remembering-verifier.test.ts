// The token verifier remembers accepted tokens until their expiry, so a session's requests do not each pay
// for a signature check; refusals and expired tokens always go back to the real check.
import { describe, expect, test } from 'vitest';
import type { AuthContext } from '../../../server/src/access/context.ts';
import { ScopeSet } from '../../../server/src/access/scopes.ts';
import { InvalidTokenError, rememberingVerifier, type TokenVerifier } from '../../../server/src/access/verify.ts';

const NOW = Date.parse('2026-12-06T12:00:00Z');

function context(token: string, expiresAt: string): AuthContext {
  return {
    subject: token,
    clientId: 'app',
    scopes: ScopeSet.parse('user/*.rs'),
    tokenId: token,
    issuer: 'https://issuer.example',
    expiresAt,
  };
}

/** A verifier that accepts tokens starting with "good" (expiring at NOW + 60 s) and counts its checks. */
function countingVerifier(expiresAt = new Date(NOW + 60_000).toISOString()) {
  const checks: string[] = [];
  const verifier: TokenVerifier = {
    async verify(token) {
      checks.push(token);
      if (!token.startsWith('good')) {
        throw new InvalidTokenError('signature verification failed');
      }
      return context(token, expiresAt);
    },
  };
  return { verifier, checks };
}

describe('rememberingVerifier', () => {
  test('checks a token once and answers its later uses from memory with the same context', async () => {
    const { verifier, checks } = countingVerifier();
    const remembering = rememberingVerifier(verifier, 10, () => NOW);
    const first = await remembering.verify('good-1');
    const second = await remembering.verify('good-1');
    expect(second).toBe(first);
    expect(checks).toEqual(['good-1']);
  });

  test('checks again once the token has expired, and the real check refuses or accepts it', async () => {
    const { verifier, checks } = countingVerifier();
    let now = NOW;
    const remembering = rememberingVerifier(verifier, 10, () => now);
    await remembering.verify('good-1');
    now = NOW + 60_000;
    await remembering.verify('good-1');
    expect(checks).toEqual(['good-1', 'good-1']);
  });

  test('checks again after a minute even when the token is valid for longer (a withdrawn key stops working)', async () => {
    const { verifier, checks } = countingVerifier(new Date(NOW + 3600_000).toISOString());
    let now = NOW;
    const remembering = rememberingVerifier(verifier, 10, () => now);
    await remembering.verify('good-1');
    now = NOW + 59_000;
    await remembering.verify('good-1');
    now = NOW + 60_000;
    await remembering.verify('good-1');
    expect(checks).toEqual(['good-1', 'good-1']);
  });

  test('never remembers a refusal: each bad token is checked every time', async () => {
    const { verifier, checks } = countingVerifier();
    const remembering = rememberingVerifier(verifier, 10, () => NOW);
    await expect(remembering.verify('bad')).rejects.toThrow(InvalidTokenError);
    await expect(remembering.verify('bad')).rejects.toThrow(InvalidTokenError);
    expect(checks).toEqual(['bad', 'bad']);
  });

  test('does not remember a token the real check accepted with an expiry already past', async () => {
    const { verifier, checks } = countingVerifier(new Date(NOW - 1000).toISOString());
    const remembering = rememberingVerifier(verifier, 10, () => NOW);
    await remembering.verify('good-late');
    await remembering.verify('good-late');
    expect(checks).toEqual(['good-late', 'good-late']);
  });

  test('keeps at most its capacity, forgetting the least recently used token first', async () => {
    const { verifier, checks } = countingVerifier();
    const remembering = rememberingVerifier(verifier, 2, () => NOW);
    await remembering.verify('good-a');
    await remembering.verify('good-b');
    await remembering.verify('good-a'); // a is now the most recently used
    await remembering.verify('good-c'); // b goes
    await remembering.verify('good-a');
    await remembering.verify('good-b');
    expect(checks).toEqual(['good-a', 'good-b', 'good-c', 'good-b']);
  });
});
