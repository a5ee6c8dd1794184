// Security headers of /ehr: the simulator's pages run no script at all and post forms only to themselves
// (and, through the launch redirect, to the registered apps' launch URLs); the test app runs only its own
// scripts and the fhirclient bundle served from here, and talks only to this server (discovery, token, FHIR).
// And the simulator's refusal of forms posted from other sites.
import type { RequestHandler, Response } from 'express';
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

/**
 * Refuses form posts a browser sent from another site: cross-site request forgery of a launch or sign-out,
 * and login CSRF at /ehr/login, which no session guards yet. It adds to the session-bound form token.
 * Sec-Fetch-Site says it directly; a browser without it sends Origin, which must then be `origin` (the
 * configured base URL's). A post with neither came from no web page, so no other site can have made it.
 */
export function sameOriginPosts(origin: string, refuse: (res: Response) => void): RequestHandler {
  return (req, res, next) => {
    if (req.method === 'GET' || req.method === 'HEAD') {
      next();
      return;
    }
    const site = req.get('sec-fetch-site');
    const sender = req.get('origin');
    const allowed =
      site !== undefined ? site === 'same-origin' || site === 'none' : sender === undefined || sender === origin;
    if (allowed) {
      next();
    } else {
      refuse(res);
    }
  };
}
