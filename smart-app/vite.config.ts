// The app is served by the TARGET server at /app (production build in dist/).
import { defineConfig } from 'vite';

export default defineConfig({
  base: '/app/',
  build: { outDir: 'dist', emptyOutDir: true },
});
