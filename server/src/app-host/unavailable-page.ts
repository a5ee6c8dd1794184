// The page /app answers while the app has no production build: what happened and how to build it.
const STYLE = `body{font-family:system-ui,sans-serif;background:#f4f6f8;color:#1d2733;margin:0}
main{max-width:36rem;margin:3rem auto;background:#fff;padding:2rem;border-radius:8px}
.en{color:#5b6b7b}code{background:#eef1f4;padding:.1rem .3rem;border-radius:3px}`;

export function appUnavailablePage(): string {
  return `<!DOCTYPE html>
<html lang="nl"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>TARGET-app niet beschikbaar / TARGET app unavailable</title>
<style>${STYLE}</style></head>
<body><main>
<h1>De TARGET-app is nog niet gebouwd</h1>
<p>De server draait, maar de map met de app (<code>smart-app/dist</code>) ontbreekt. Bouw de app met
<code>npm run build -w smart-app</code> (of start opnieuw met <code>npm start</code>, dat bouwt hem zo nodig) en laad deze pagina opnieuw.</p>
<h2 class="en" lang="en">The TARGET app has not been built yet</h2>
<p class="en" lang="en">The server is running, but the app's build folder (<code>smart-app/dist</code>) is missing. Build it with
<code>npm run build -w smart-app</code> (or start again with <code>npm start</code>, which builds it when needed) and reload this page.</p>
</main></body></html>`;
}
