// Security headers of /ehr: the simulator's pages run no script at all and post forms only to themselves
// (and, through the launch redirect, to the registered apps' launch URLs); the test app runs only its own
// scripts and the fhirclient bundle served from here, and talks only to this server (discovery, token, FHIR).
import type { RequestHandler } from 'express';
import helmet from 'helmet';

const COMMON = {
  defaultSrc: ["'none'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  frameAncestors: ["'none'"],
  baseUri: ["'none'"],
};

/** For the simulator's pages; `launchOrigins`: where a launch form's redirect may lead. */
export function simulatorHeaders(launchOrigins: readonly string[]): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: { ...COMMON, scriptSrc: ["'none'"], formAction: ["'self'", ...launchOrigins] },
    },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
  });
}

/** For the SMART test app. */
export function testAppHeaders(): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: { ...COMMON, scriptSrc: ["'self'"], connectSrc: ["'self'"], formAction: ["'self'"] },
    },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
  });
}
