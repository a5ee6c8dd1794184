// The app is served by the TARGET server at /app (production build in dist/). `npm run dev` serves it with
// hot reload on Vite's port and forwards the server's routes to a running server (TARGET_URL, default
// http://localhost:8080), so the SMART launch works unchanged.
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const server = process.env.TARGET_URL ?? 'http://localhost:8080';

export default defineConfig({
  base: '/app/',
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true },
  server: {
    proxy: Object.fromEntries(['/fhir', '/oauth', '/.well-known', '/ehr', '/cds-services'].map((p) => [p, server])),
  },
});
