// Child process of server-process.ts: starts the real test server (argv: database kind, claims by name as
// JSON), prints one line {"ready": {fhirUrl, adminAuthorization, tokens}} and runs until SIGTERM.
import type { AccessTokenClaims } from '../../../server/src/access/tokens.ts';
import type { DatabaseKind } from '../../support/database.ts';
import { startTestServer } from '../../support/server.ts';

const kind = (process.argv[2] ?? 'pglite') as DatabaseKind;
const claims = JSON.parse(process.argv[3] ?? '{}') as Record<string, AccessTokenClaims>;
const server = await startTestServer(kind);
const tokens = Object.fromEntries(
  await Promise.all(
    Object.entries(claims).map(async ([name, c]) => [name, await server.tokenFor(c, { expiresIn: 3600 })] as const),
  ),
);
process.stdout.write(
  `${JSON.stringify({ ready: { fhirUrl: server.fhirUrl, adminAuthorization: server.adminAuthorization, tokens } })}\n`,
);
process.once('SIGTERM', () => {
  server.stop().then(
    () => process.exit(0),
    () => process.exit(1),
  );
});
