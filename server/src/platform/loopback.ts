// The server's own FHIR API on its listening address. The EHR simulator, the CDS Hooks service and the token
// command read FHIR over HTTP with a bearer token (the package's FhirHttpReader), so every read they make
// passes the resource server's token check, scopes, compartments and audit trail. They call the listening
// address (loopback), not the public base URL, which a server behind a proxy may not reach from inside.
import type { Config } from '../config.ts';

/** The FHIR base on the server's own listening address, e.g. `http://127.0.0.1:8080/fhir`. */
export function loopbackFhirUrl(config: Pick<Config, 'host' | 'port'>): string {
  const anyAddress = config.host === '' || config.host === '0.0.0.0' || config.host === '::';
  const host = anyAddress ? '127.0.0.1' : config.host.includes(':') ? `[${config.host}]` : config.host;
  return `http://${host}:${config.port}/fhir`;
}
