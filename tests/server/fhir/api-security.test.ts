// The FHIR API's browser-facing protections: security headers on every answer, CORS only for the origins
// of registered SMART apps (the generated registry holds the test app on the server's own origin).
import { describe, expect, test } from 'vitest';
import { useTestServer } from '../../support/server.ts';

describe('FHIR API security headers and CORS', () => {
  const server = useTestServer('pglite');

  test('every answer carries the security headers and is never cached by a browser, errors included', async () => {
    for (const path of ['metadata', 'Patient']) {
      const response = await fetch(`${server.fhirUrl}/${path}`);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('content-security-policy')).toBe("default-src 'none';frame-ancestors 'none'");
      expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN');
      expect(response.headers.get('x-powered-by')).toBeNull();
      expect(response.headers.get('cache-control')).toBe('no-store');
    }
  });

  test('a registered app origin gets a CORS preflight answer with the FHIR headers', async () => {
    const response = await fetch(`${server.fhirUrl}/Patient`, {
      method: 'OPTIONS',
      headers: {
        origin: server.baseUrl,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type,prefer',
      },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe(server.baseUrl);
    expect(response.headers.get('access-control-allow-headers')).toMatch(/Authorization.*Prefer/);
  });

  test('any other origin gets no CORS permission, so its pages cannot read answers', async () => {
    const preflight = await fetch(`${server.fhirUrl}/Patient`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'GET' },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    const get = await fetch(`${server.fhirUrl}/metadata`, { headers: { origin: 'https://evil.example' } });
    expect(get.status).toBe(200);
    expect(get.headers.get('access-control-allow-origin')).toBeNull();
  });
});
