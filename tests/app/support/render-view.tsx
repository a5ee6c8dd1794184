// Renders one app view the way the launched app does (Mantine, language, router, SMART session), for
// component tests in happy-dom. The session's MedplumClient points at whatever FHIR base the test serves
// (msw for a foreign EHR, or the real test server).
import { MantineProvider } from '@mantine/core';
import { MedplumClient } from '@medplum/core';
import { type RenderResult, render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { MemoryRouter } from 'react-router';
import { type Language, LanguageProvider } from '../../../smart-app/src/i18n/index.tsx';
import { type SmartSession, SmartSessionContext } from '../../../smart-app/src/launch/session.ts';

/** A media query answer that never changes: `matches` as given. */
export function fixedMediaQuery(query: string, matches = false): MediaQueryList {
  return {
    matches,
    media: query,
    onchange: null,
    addListener: () => {},
    removeListener: () => {},
    addEventListener: () => {},
    removeEventListener: () => {},
    dispatchEvent: () => false,
  };
}

/** happy-dom lacks the media queries and observers Mantine asks for. */
function polyfillBrowserApis(): void {
  globalThis.matchMedia ??= (query: string) => fixedMediaQuery(query);
  globalThis.ResizeObserver ??= class {
    observe(): void {}
    unobserve(): void {}
    disconnect(): void {}
  } as unknown as typeof ResizeObserver;
}

/** A session against `fhirBaseUrl` with a bearer token, as the launch module builds it. */
export function testSession(
  fhirBaseUrl: string,
  overrides: Partial<Omit<SmartSession, 'medplum' | 'fhirBaseUrl'>> = {},
): SmartSession {
  const base = new URL(fhirBaseUrl.endsWith('/') ? fhirBaseUrl : `${fhirBaseUrl}/`);
  const medplum = new MedplumClient({
    baseUrl: base.origin,
    fhirUrlPath: base.pathname.replace(/^\/|\/$/g, ''),
    fetch: (url: string | URL | Request, init?: RequestInit) => fetch(url, init),
  });
  medplum.setAccessToken('test-token');
  return {
    medplum,
    fhirBaseUrl: fhirBaseUrl.replace(/\/$/, ''),
    scope: 'openid fhirUser launch user/*.cruds',
    capabilities: { careBurden: false, targetSelection: false },
    ...overrides,
  };
}

export function renderView(
  view: ReactElement,
  options: { session?: SmartSession; language?: Language; path?: string } = {},
): RenderResult {
  polyfillBrowserApis();
  const routed = <MemoryRouter initialEntries={[options.path ?? '/']}>{view}</MemoryRouter>;
  return render(
    <MantineProvider>
      <LanguageProvider initial={options.language ?? 'nl'}>
        {options.session ? (
          <SmartSessionContext.Provider value={options.session}>{routed}</SmartSessionContext.Provider>
        ) : (
          routed
        )}
      </LanguageProvider>
    </MantineProvider>,
  );
}
