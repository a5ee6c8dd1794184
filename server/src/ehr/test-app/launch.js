// SMART App Launch with the official client (fhirclient): an EHR launch when the URL carries `launch`,
// a standalone launch (patient picker at the authorization server) when it carries only `iss`.
// fhirclient does discovery, PKCE (S256) and `state`; the scopes are fixed for this diagnostic app.
/* global FHIR */
FHIR.oauth2
  .authorize({
    clientId: 'target-test-app',
    scope: 'launch openid fhirUser patient/*.rs launch/patient',
    redirectUri: 'index.html',
  })
  .catch((error) => {
    const box = document.getElementById('error');
    box.textContent = `Starten mislukt / Launch failed: ${error?.message ?? error}`;
    box.hidden = false;
    document.getElementById('status').hidden = true;
  });
