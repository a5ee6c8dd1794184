// Security headers of /app: a strict Content-Security-Policy with no external assets. Scripts and styles come
// from this server only; Mantine writes its styles into <style> elements at run time, hence 'unsafe-inline'
// for styles (never for scripts). The app talks to this server and to the FHIR servers (and their
// authorization servers) it may be launched against: TARGET_APP_FHIR_ORIGINS. Registered clients' origins are
// not added: they are where apps live, not servers this app reads.
import type { RequestHandler } from 'express';
import helmet from 'helmet';

export function appHeaders(connectOrigins: readonly string[]): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'", ...connectOrigins],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        // The app may sit in a side panel of the EHR simulator (same origin), never in another site's frame.
        frameAncestors: ["'self'"],
      },
    },
    frameguard: { action: 'sameorigin' },
    referrerPolicy: { policy: 'no-referrer' },
  });
}
