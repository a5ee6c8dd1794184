// The machine's ceiling for bench:http: the least any audited FHIR read can do, as a bare node:http server in
// its own process (`node ceiling-server.ts <port> <database url> <kind>`), measured with the same load client.
// Kinds, each adding to the one before:
//   answer   a fixed 1 KB JSON answer (the HTTP stack and the load client alone)
//   query    + one PostgreSQL round trip per request (an access check)
//   journal  + one row per request in a journal table, group-committed before the answer (an audit trail)
// Not the product: it shows how far a target is from what this machine can do at all. Prints "ready" once
// listening; the journal table is its own (bench_ceiling_journal), dropped when the process ends.
import http from 'node:http';
import pg from 'pg';

const [portText, databaseUrl, kind] = process.argv.slice(2);
const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
const answer = JSON.stringify({
  resourceType: 'Patient',
  id: '00000000-0000-4000-8000-000000000000',
  name: [{ family: 'Jansen', given: ['Piet'] }],
  text: { status: 'generated', div: `<div xmlns="http://www.w3.org/1999/xhtml">${'x'.repeat(800)}</div>` },
});
const journalRow = JSON.stringify({ resourceType: 'AuditEvent', outcome: '0', outcomeDesc: 'y'.repeat(1500) });

// Group commit as the audit writer does it: one insert at a time; requests arriving meanwhile go in the next.
let waiting: (() => void)[] = [];
let flushing = false;
async function flush(): Promise<void> {
  if (flushing || waiting.length === 0) {
    return;
  }
  flushing = true;
  const batch = waiting;
  waiting = [];
  await pool.query({
    name: 'ceiling_journal',
    text: 'INSERT INTO bench_ceiling_journal (content) SELECT * FROM jsonb_array_elements($1::jsonb)',
    values: [`[${batch.map(() => journalRow).join(',')}]`],
  });
  flushing = false;
  for (const done of batch) {
    done();
  }
  void flush();
}

await pool.query(
  'CREATE TABLE IF NOT EXISTS bench_ceiling_journal (seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, content jsonb NOT NULL)',
);
const server = http.createServer(async (_req, res) => {
  if (kind !== 'answer') {
    await pool.query({ name: 'ceiling_check', text: 'SELECT 1 FROM pg_class WHERE oid = $1', values: [1259] });
  }
  if (kind === 'journal') {
    await new Promise<void>((resolve) => {
      waiting.push(resolve);
      void flush();
    });
  }
  res.writeHead(200, { 'content-type': 'application/fhir+json' });
  res.end(answer);
});
server.keepAliveTimeout = 60_000;
server.listen(Number(portText), '127.0.0.1', () => process.stdout.write('ready\n'));
process.on('SIGTERM', () => {
  server.close();
  server.closeAllConnections();
  void pool
    .query('DROP TABLE IF EXISTS bench_ceiling_journal')
    .finally(() => pool.end())
    .finally(() => process.exit(0));
});
