// Runs SUSHI in-process on profiles/ against the project-local package cache only.
//
// SUSHI's command line always reads `~/.fhir/packages` (os.homedir(); fhir-package-loader 2.x has no
// cache-location variable) and fetches missing packages from packages.fhir.org. Here the same steps as
// `sushi build --snapshot` run with a package cache on profiles/.fhir-cache and a registry client that
// only knows that folder, so the output never depends on the network or on a developer's own cache.
import { existsSync, readdirSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { type CurrentBuildClient, DiskBasedPackageCache, type RegistryClient } from 'fhir-package-loader';
import sushi from 'fsh-sushi';
import { inSpecificationOrder } from './fhir-order.ts';
import type { FhirResource } from './fhir-package.ts';

const { fhirdefs, sushiExport, utils } = sushi;

/**
 * SUSHI also tries to load hl7.fhir.uv.tools.r4, hl7.terminology.r4 and hl7.fhir.uv.extensions.r4
 * ("automatic dependencies", version latest). Our FSH uses only R4 core, so those are left out on
 * purpose and SUSHI's warning about each is expected.
 */
const IGNORED_WARNINGS = [
  '/^Failed to load automatically-provided /',
  // id, title and description are not used by SUSHI with FSHOnly, but name our package (package.json).
  '/^The FSHOnly property is set to true, .* unused and only relevant for IG creation: id, title, description\\. /',
].join('\n');

/** The sushi-config.yaml fields the package manifest repeats. */
export interface PackageConfig {
  id: string;
  canonical: string;
  version: string;
  title: string;
  description: string;
}

export interface SushiResult {
  config: PackageConfig;
  /** StructureDefinitions (with snapshots), ValueSets, CodeSystems and definitional instances. */
  definitions: FhirResource[];
  /** Instances with `Usage: #example`. */
  examples: FhirResource[];
  errors: number;
  warnings: number;
}

/** Serves concrete versions from the local cache; `latest` is the newest cached one; never downloads. */
class LocalCacheRegistryClient implements RegistryClient {
  readonly cacheDir: string;

  constructor(cacheDir: string) {
    this.cacheDir = cacheDir;
  }

  async resolveVersion(name: string, version: string): Promise<string> {
    if (/^\d+\.\d+\.\d+/.test(version)) {
      return version;
    }
    const cached = existsSync(this.cacheDir)
      ? readdirSync(this.cacheDir)
          .filter((entry) => entry.startsWith(`${name}#`))
          .map((entry) => entry.slice(name.length + 1))
          .filter((v) => /^\d+\.\d+\.\d+$/.test(v))
          .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))
      : [];
    if (version === 'latest' && cached.length > 0) {
      return cached[cached.length - 1];
    }
    throw new Error(`${name}#${version} is not in ${this.cacheDir} (the profiles build does not download packages)`);
  }

  async download(name: string, version: string): Promise<Readable> {
    throw new Error(`${name}#${version} is not in ${this.cacheDir} (the profiles build does not download packages)`);
  }
}

class NoCurrentBuildClient implements CurrentBuildClient {
  async downloadCurrentBuild(name: string): Promise<Readable> {
    throw new Error(`${name}#current: the profiles build does not download packages`);
  }

  async getCurrentBuildDate(name: string): Promise<string> {
    throw new Error(`${name}#current: the profiles build does not download packages`);
  }
}

/** Compiles profiles/input/fsh with snapshots. `verbose` shows SUSHI's info messages too. */
export async function runSushi(projectDir: string, cacheDir: string, verbose = false): Promise<SushiResult> {
  const { logger, stats } = utils;
  logger.level = verbose ? 'info' : 'warn';
  stats.reset();
  utils.setIgnoredWarnings(IGNORED_WARNINGS);

  const config = utils.readConfig(projectDir);
  if (!config.FSHOnly) {
    throw new Error('profiles/sushi-config.yaml must set FSHOnly: true (no IG Publisher content is built)');
  }
  const tank = utils.fillTank(utils.getRawFSHes(utils.findInputDir(projectDir)), config);
  tank.checkDuplicateNameEntities();

  const log = (level: string, message: string) => utils.logMessage(level, message);
  const defs = await fhirdefs.createFHIRDefinitions({
    packageCache: new DiskBasedPackageCache(cacheDir, { log }),
    registryClient: new LocalCacheRegistryClient(cacheDir),
    currentBuildClient: new NoCurrentBuildClient(),
    // SUSHI's default (200) is tuned for small IGs; our profiles fish the same core definitions many times.
    options: { resourceCacheSize: 2000 },
  });
  await utils.loadExternalDependencies(defs, config);
  defs.optimize();
  if (defs.fishForFHIR('StructureDefinition', utils.Type.Resource) == null) {
    throw new Error(`The FHIR core package in ${cacheDir} could not be loaded`);
  }

  const outPackage = sushiExport.exportFHIR(tank, defs);
  const definitions: FhirResource[] = [
    ...[...outPackage.profiles, ...outPackage.extensions, ...outPackage.logicals, ...outPackage.resources].map(
      (sd) => sd.toJSON(true) as FhirResource,
    ),
    ...[...outPackage.valueSets, ...outPackage.codeSystems].map((r) => r.toJSON() as FhirResource),
  ];
  const examples: FhirResource[] = [];
  for (const instance of outPackage.instances) {
    const usage = instance._instanceMeta.usage;
    if (usage === 'Inline') {
      continue;
    }
    // Instances come out with SUSHI's assignment order; StructureDefinitions and terminology already read well.
    (usage === 'Example' ? examples : definitions).push(inSpecificationOrder(instance.toJSON() as FhirResource));
  }
  const packageConfig: PackageConfig = {
    id: required(config.id, 'id'),
    canonical: required(config.canonical, 'canonical'),
    version: required(config.version, 'version'),
    title: required(config.title, 'title'),
    description: required(config.description, 'description'),
  };
  return { config: packageConfig, definitions, examples, errors: stats.numError, warnings: stats.numWarn };
}

function required(value: string | undefined, name: string): string {
  if (!value) {
    throw new Error(`profiles/sushi-config.yaml must set ${name} (it names the FHIR package)`);
  }
  return value.trim();
}
