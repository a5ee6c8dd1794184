// A client registry in which the TARGET app is NOT listed first (the SMART test app is), for the tests that
// the EHR simulator and the CDS Hooks card still put it first: the order comes from the simulator, not the
// file. Launch URLs are on other origins (the test server's port is not known when the file is written);
// the simulator only redirects to them. The EHR simulator client gets a fresh key, returned for CDS client JWTs.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { exportJWK, generateKeyPair, type JWK } from 'jose';

export const TARGET_APP_LAUNCH_URL = 'https://target-app.example/app/launch';
export const TEST_APP_LAUNCH_URL = 'https://test-app.example/launch.html';

export async function registryWithTargetAppSecond(): Promise<{ clientsFile: string; ehrKey: JWK }> {
  const { privateKey, publicKey } = await generateKeyPair('RS384', { extractable: true });
  const kid = 'ehr-simulator-test-key';
  const clients = [
    {
      client_id: 'target-test-app',
      client_name: 'SMART test app',
      token_endpoint_auth_method: 'none',
      redirect_uris: ['https://test-app.example/index.html'],
      scope: 'openid fhirUser launch launch/patient patient/*.rs user/*.rs',
      launch_url: TEST_APP_LAUNCH_URL,
    },
    {
      client_id: 'target-app',
      client_name: 'TARGET',
      token_endpoint_auth_method: 'none',
      redirect_uris: ['https://target-app.example/app/callback'],
      scope: 'openid fhirUser launch launch/patient online_access offline_access user/*.cruds',
      launch_url: TARGET_APP_LAUNCH_URL,
    },
    {
      client_id: 'target-ehr-simulator',
      client_name: 'EHR simulator',
      token_endpoint_auth_method: 'private_key_jwt',
      jwks: { keys: [{ ...(await exportJWK(publicKey)), kid, alg: 'RS384' }] },
      scope: 'system/Patient.rs system/Practitioner.rs system/PractitionerRole.rs',
      ehr_launch: true,
    },
  ];
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'target-registry-'));
  const clientsFile = path.join(dir, 'clients.json');
  await fs.writeFile(clientsFile, JSON.stringify({ clients }, null, 2));
  return { clientsFile, ehrKey: { ...(await exportJWK(privateKey)), kid, alg: 'RS384' } };
}
