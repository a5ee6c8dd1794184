// The redirect target: fhirclient checks `state`, exchanges the code (with the PKCE verifier) and gives a
// client with the launch context; we show that context and the Patient read over FHIR with the token.
/* global FHIR */
function show(id, value) {
  document.getElementById(id).textContent = value === undefined || value === null || value === '' ? '—' : String(value);
}

function fail(error) {
  const box = document.getElementById('error');
  box.textContent = `Mislukt / Failed: ${error?.message ?? error}`;
  box.hidden = false;
  document.getElementById('status').hidden = true;
}

function humanName(patient) {
  const name = (patient.name || [])[0];
  if (!name) {
    return '';
  }
  return name.text || [...(name.given || []), name.family].filter(Boolean).join(' ');
}

FHIR.oauth2
  .ready()
  .then(async (client) => {
    const token = client.state.tokenResponse || {};
    show('server', client.state.serverUrl);
    show('patient-id', client.patient.id);
    show('fhir-user', client.getFhirUser());
    show('scopes', token.scope);
    show('need-patient-banner', token.need_patient_banner);
    document.getElementById('context').hidden = false;
    const patient = await client.patient.read();
    show('patient-name', humanName(patient));
    show('patient-birth-date', patient.birthDate);
    document.getElementById('patient').hidden = false;
    document.getElementById('status').hidden = true;
  })
  .catch(fail);
