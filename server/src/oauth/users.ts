// The demo users who can sign in at the embedded authorization server: a GP, a practice nurse (POH), a
// partner's welfare worker and a patient. Stored in `${dataDir}/auth/users.json` (owner-only) with scrypt
// password hashes; passwords come from TARGET_DEMO_PASSWORD or are generated on first start and handed back
// once so the caller can print them. Which FHIR resources each user stands for: see directory.ts.
import { randomBytes, scrypt as scryptCallback, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import type { TargetRole } from '../access/tokens.ts';

const scrypt = promisify(scryptCallback) as (
  password: string,
  salt: Buffer,
  keylen: number,
  options: { N: number; r: number; p: number; maxmem: number },
) => Promise<Buffer>;

export type UserRole = Exclude<TargetRole, 'system'>;

export interface DemoUser {
  readonly username: string;
  readonly role: UserRole;
  /** Shown on the consent page and as the id_token `name`. */
  readonly name: string;
  /** `scrypt$N$r$p$salt$hash` (base64url). */
  readonly password_hash: string;
  /** Optional fixed mapping; when absent the directory finds the resources in the demo practice. */
  readonly fhirUser?: string;
  readonly organization?: string;
  readonly patient?: string;
}

const DEMO_USERS: readonly Pick<DemoUser, 'username' | 'role' | 'name'>[] = [
  { username: 'huisarts', role: 'gp', name: 'Huisarts (demo)' },
  { username: 'poh', role: 'practice-nurse', name: 'Praktijkondersteuner (demo)' },
  { username: 'welzijn', role: 'partner-worker', name: 'Welzijnswerker (demo)' },
  { username: 'patient', role: 'patient', name: 'Patiënt (demo)' },
];

// OWASP's scrypt minimum (N = 2^17 would cost ~130 MB per login on a shared 2-core machine).
const COST = { N: 2 ** 15, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;
const MAX_MEM = 64 * 1024 * 1024;

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scrypt(password, salt, KEY_LENGTH, { ...COST, maxmem: MAX_MEM });
  return ['scrypt', COST.N, COST.r, COST.p, salt.toString('base64url'), hash.toString('base64url')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [kind, n, r, p, salt, hash] = stored.split('$');
  if (kind !== 'scrypt' || !salt || !hash) {
    return false;
  }
  const expected = Buffer.from(hash, 'base64url');
  const actual = await scrypt(password, Buffer.from(salt, 'base64url'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: MAX_MEM,
  });
  return timingSafeEqual(actual, expected);
}

export class UserStore {
  private readonly users: Map<string, DemoUser>;
  /** A real hash to verify against for unknown usernames, so timing does not tell which names exist. */
  private readonly decoy: string;

  private constructor(users: DemoUser[], decoy: string) {
    this.users = new Map(users.map((user) => [user.username, user]));
    this.decoy = decoy;
  }

  /**
   * Reads the users file, creating it on first start.
   * @returns The store, and the passwords generated now (empty unless the file was just created without
   *   TARGET_DEMO_PASSWORD): the caller prints them once.
   */
  static async open(
    dataDir: string,
    demoPassword: string | undefined,
  ): Promise<{
    store: UserStore;
    generated: Record<string, string>;
  }> {
    const file = path.join(dataDir, 'auth', 'users.json');
    const generated: Record<string, string> = {};
    let users: DemoUser[];
    try {
      users = (JSON.parse(await fs.readFile(file, 'utf8')) as { users: DemoUser[] }).users;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
        throw err;
      }
      users = [];
      for (const user of DEMO_USERS) {
        const password = demoPassword ?? randomBytes(12).toString('base64url');
        if (!demoPassword) {
          generated[user.username] = password;
        }
        users.push({ ...user, password_hash: await hashPassword(password) });
      }
      await write(file, users, 'wx');
    }
    if (demoPassword) {
      // The operator set a password: it wins over whatever the file holds.
      let changed = false;
      for (const [index, user] of users.entries()) {
        if (!(await verifyPassword(demoPassword, user.password_hash))) {
          users[index] = { ...user, password_hash: await hashPassword(demoPassword) };
          changed = true;
        }
      }
      if (changed) {
        await write(file, users, 'w');
      }
    }
    return { store: new UserStore(users, await hashPassword(randomBytes(12).toString('base64url'))), generated };
  }

  get(username: string): DemoUser | undefined {
    return this.users.get(username);
  }

  list(): DemoUser[] {
    return [...this.users.values()];
  }

  /** The user when the password is right; undefined otherwise (in the same time either way). */
  async authenticate(username: string, password: string): Promise<DemoUser | undefined> {
    const user = this.users.get(username);
    const ok = await verifyPassword(password, user?.password_hash ?? this.decoy);
    return ok ? user : undefined;
  }
}

async function write(file: string, users: DemoUser[], flag: 'w' | 'wx'): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  await fs.writeFile(file, `${JSON.stringify({ users }, null, 2)}\n`, { mode: 0o600, flag });
}
