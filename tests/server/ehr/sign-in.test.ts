// The EHR simulator's sign-in over real HTTP on both databases: it confirms no password of an account it
// turns away, it is audited like a sign-in at /oauth, it shares the authorization server's limit of failed
// sign-ins per IP address and user name (refusals at the limit audited too), and it refuses posts from
// other sites.
import { describe, expect, test } from 'vitest';
import { LOGIN_FAILURES_PER_WINDOW } from '../../../server/src/oauth/security.ts';
import { DATABASE_KINDS } from '../../support/database.ts';
import { useTestServer } from '../../support/server.ts';
import { auditEventsOf } from '../audit/support.ts';
import { authorizeUrl, Browser, formAction, pkce } from '../oauth/oauth-client.ts';

const PASSWORD = 'demo-password-for-tests';
const WRONG = 'not-the-password-1234';
const EHR_CLIENT = 'target-ehr-simulator';

describe.each(DATABASE_KINDS)('EHR simulator sign-in (%s)', (kind) => {
  const server = useTestServer(kind, { demoPassword: PASSWORD });

  async function signIn(browser: Browser, username: string, password: string, headers: Record<string, string> = {}) {
    const response = await browser.fetch(`${server.baseUrl}/ehr/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body: new URLSearchParams({ username, password }).toString(),
    });
    return { status: response.status, headers: response.headers, html: await response.text() };
  }

  /** A sign-in form of the authorization server, and a way to post it. */
  async function oauthForm() {
    const browser = new Browser();
    const redirectUri = `${server.baseUrl}/ehr/test-app/index.html`;
    const url = authorizeUrl(server.baseUrl, {
      clientId: 'target-test-app',
      redirectUri,
      scope: 'openid user/*.rs',
      aud: server.fhirUrl,
      codeChallenge: pkce().challenge,
    });
    const action = formAction(await (await browser.follow(url, redirectUri)).response.text());
    return async (username: string, password: string) =>
      (await browser.postForm(action, url, { username, password }, redirectUri)).response.status;
  }

  const loginsOf = async (name: string) =>
    (await auditEventsOf(server, 'subtype=110122')).filter((event) => event.agent[0].name === name);

  // The partner worker here, the patient below: each account's failures count for the rest of the file.
  test.each(['welzijn'])(
    'the demo user %s, not practice staff, gets with the right password exactly the answer of a wrong one',
    async (username) => {
      const right = await signIn(new Browser(), username, PASSWORD);
      const wrong = await signIn(new Browser(), username, WRONG);
      expect(right.status).toBe(401);
      expect(right.html).toBe(wrong.html);
      expect(right.headers.get('set-cookie')).toBeNull();
      const [refused] = (await loginsOf(username)).filter((e) => e.outcomeDesc?.includes('practice staff'));
      expect(refused).toMatchObject({
        outcome: '4',
        outcomeDesc: 'HTTP 401: only practice staff may use the EHR simulator',
      });
    },
  );

  test('sign-ins are audited as at /oauth: type 110114, subtype 110122, the user name typed, never the password', async () => {
    expect((await signIn(new Browser(), 'poh', WRONG)).status).toBe(401);
    expect((await signIn(new Browser(), 'poh', PASSWORD)).status).toBe(303);
    const [failed, succeeded] = await loginsOf('poh');
    expect(failed).toMatchObject({
      type: { code: '110114' },
      subtype: [{ code: '110122', display: 'Login' }],
      action: 'E',
      outcome: '4',
      outcomeDesc: 'HTTP 401: wrong user name or password',
    });
    expect(failed.agent[0]).toMatchObject({ altId: 'poh', requestor: true });
    expect(failed.agent[0].network?.address).toMatch(/127\.0\.0\.1/);
    expect(failed.agent[1]).toMatchObject({ requestor: false, who: { identifier: { value: EHR_CLIENT } } });
    expect(JSON.stringify(failed)).not.toContain(WRONG);
    expect(succeeded).toMatchObject({ outcome: '0', agent: [{ altId: 'poh' }, { name: EHR_CLIENT }] });
    expect(succeeded.agent[0].role?.[0].coding?.[0].code).toBe('practice-nurse');
  });

  test('failures at /oauth and /ehr count against one limit per IP address and user name, then both answer 429', async () => {
    const username = `guesser-${kind}`;
    const oauth = await oauthForm();
    const statuses: number[] = [];
    for (let attempt = 0; attempt < LOGIN_FAILURES_PER_WINDOW; attempt++) {
      statuses.push(
        attempt % 2 === 0
          ? await oauth(username, `guess-${attempt}`)
          : (await signIn(new Browser(), username, `guess-${attempt}`)).status,
      );
    }
    expect(statuses).toEqual(Array(LOGIN_FAILURES_PER_WINDOW).fill(401));
    const ehr = await signIn(new Browser(), username, 'guess-ehr');
    expect(ehr.status).toBe(429);
    expect(Number(ehr.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await oauth(username, 'guess-oauth')).toBe(429);
  });

  test('a refusal at the limit is audited at /oauth and /ehr with the reason', async () => {
    const username = `limited-${kind}`;
    const oauth = await oauthForm();
    for (let attempt = 0; attempt < LOGIN_FAILURES_PER_WINDOW; attempt++) {
      await signIn(new Browser(), username, `guess-${attempt}`);
    }
    expect((await signIn(new Browser(), username, 'guess-ehr')).status).toBe(429);
    expect(await oauth(username, 'guess-oauth')).toBe(429);
    const limited = (await loginsOf(username)).filter((event) => event.outcomeDesc?.startsWith('HTTP 429'));
    expect(limited).toHaveLength(2);
    for (const event of limited) {
      expect(event).toMatchObject({ type: { code: '110114' }, subtype: [{ code: '110122' }], outcome: '4' });
      expect(event.outcomeDesc).toBe(
        `HTTP 429: too many failed sign-ins: the limit of ${LOGIN_FAILURES_PER_WINDOW} in 15 minutes was reached`,
      );
    }
    expect(limited.map((event) => event.agent[1]?.name).sort()).toEqual([EHR_CLIENT, 'target-test-app']);
  });

  test('the right password of a user the simulator turns away (the patient) counts as a failure', async () => {
    const oauth = await oauthForm();
    for (let attempt = 0; attempt < LOGIN_FAILURES_PER_WINDOW; attempt++) {
      expect((await signIn(new Browser(), 'patient', PASSWORD)).status).toBe(401);
    }
    expect((await signIn(new Browser(), 'patient', PASSWORD)).status).toBe(429);
    expect(await oauth('patient', PASSWORD)).toBe(429);
  });

  test.each<Record<string, string>>([
    { 'sec-fetch-site': 'cross-site' },
    { 'sec-fetch-site': 'same-site', origin: 'http://other.127.0.0.1.example' },
    { origin: 'http://evil.example' },
    { origin: 'null' },
  ])('a sign-in posted from another site (%j) is refused with 403 and starts no session', async (headers) => {
    const browser = new Browser();
    const response = await signIn(browser, 'huisarts', PASSWORD, headers);
    expect(response.status).toBe(403);
    expect(response.html).toContain('This form was sent from another website and was refused.');
    expect(response.headers.get('set-cookie')).toBeNull();
  });

  test("a sign-in posted from the simulator's own pages is accepted", async () => {
    const sameOrigin = await signIn(new Browser(), 'huisarts', PASSWORD, {
      'sec-fetch-site': 'same-origin',
      origin: server.baseUrl,
    });
    expect(sameOrigin.status).toBe(303);
    const ownOrigin = await signIn(new Browser(), 'huisarts', PASSWORD, { origin: server.baseUrl });
    expect(ownOrigin.status).toBe(303);
  });
});
