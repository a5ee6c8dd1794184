// A forged Host (or X-Forwarded-Host) header must not move the authorization server: discovery documents and
// every redirect of a sign-in name the configured base URL only. fetch() cannot set Host, so these requests
// go through node:http.
import http from 'node:http';
import { describe, expect, test } from 'vitest';
import { useTestServer } from '../../support/server.ts';
import { authorizeUrl, formAction, pkce } from './oauth-client.ts';

const PASSWORD = 'demo-password-for-tests';
const APP = 'target-test-app';
const FORGED = {
  host: 'evil.example',
  'x-forwarded-host': 'evil.example',
  'x-forwarded-proto': 'https',
};

interface RawResponse {
  readonly status: number;
  readonly location?: string;
  readonly cookies: string[];
  readonly body: string;
}

/** A request for `url`'s path, sent to the test server at `server` whatever host `url` names. */
function forgedRequest(server: string, url: string, options: { method?: string; cookie?: string; form?: string } = {}) {
  const target = new URL(url);
  const { hostname, port } = new URL(server);
  return new Promise<RawResponse>((resolve, reject) => {
    const request = http.request(
      {
        host: hostname,
        port,
        path: `${target.pathname}${target.search}`,
        method: options.method ?? 'GET',
        headers: {
          ...FORGED,
          ...(options.cookie ? { cookie: options.cookie } : {}),
          ...(options.form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
        },
      },
      (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          body += chunk;
        });
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            location: response.headers.location,
            cookies: (response.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]),
            body,
          }),
        );
      },
    );
    request.on('error', reject);
    request.end(options.form);
  });
}

describe('a forged Host header', () => {
  const server = useTestServer('pglite', { demoPassword: PASSWORD });

  test.each([
    '/oauth/.well-known/openid-configuration',
    '/.well-known/smart-configuration',
    '/fhir/.well-known/smart-configuration',
  ])('does not change the URLs of %s', async (path) => {
    const response = await forgedRequest(server.baseUrl, `${server.baseUrl}${path}`);
    expect(response.status).toBe(200);
    expect(response.body).not.toContain('evil.example');
    const urls = Object.values(JSON.parse(response.body) as Record<string, unknown>).filter(
      (value): value is string => typeof value === 'string' && /^https?:/.test(value),
    );
    expect(urls.length).toBeGreaterThan(4);
    for (const url of urls) {
      expect(url.startsWith(`${server.baseUrl}/oauth`)).toBe(true);
    }
  });

  test('does not reach the redirects of a sign-in: every Location is on the configured base URL', async () => {
    const redirectUri = `${server.baseUrl}/ehr/test-app/index.html`;
    const jar = new Map<string, string>();
    const cookie = () => [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
    const locations: string[] = [];
    let url = authorizeUrl(server.baseUrl, {
      clientId: APP,
      redirectUri,
      scope: 'openid user/*.rs',
      aud: server.fhirUrl,
      codeChallenge: pkce().challenge,
    });
    let form: Record<string, string> | undefined;
    for (let hop = 0; hop < 12 && !url.startsWith(redirectUri); hop++) {
      const response = await forgedRequest(server.baseUrl, url, {
        method: form ? 'POST' : 'GET',
        cookie: cookie(),
        form: form && new URLSearchParams(form).toString(),
      });
      for (const pair of response.cookies) {
        jar.set(pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1));
      }
      if (response.location) {
        locations.push(response.location);
        url = new URL(response.location, server.baseUrl).href;
        form = undefined;
        continue;
      }
      expect(response.status).toBe(200);
      // The sign-in page, then the consent page: submit each.
      const consent = response.body.includes('id="consent"');
      url = new URL(formAction(response.body, consent ? 'consent' : undefined), server.baseUrl).href;
      form = consent ? { decision: 'allow' } : { username: 'huisarts', password: PASSWORD };
    }
    expect(url.startsWith(redirectUri)).toBe(true);
    expect(new URL(url).searchParams.get('code')).toEqual(expect.any(String));
    expect(locations.length).toBeGreaterThan(3);
    for (const location of locations) {
      expect(location).not.toContain('evil.example');
      expect(/^https?:/.test(location) ? location.startsWith(server.baseUrl) : location.startsWith('/')).toBe(true);
    }
  });
});
