// `npm run profiles:check`: rebuilds the package into a temporary folder and fails (exit 1) when
// profiles/generated/ or profiles/src/generated/canonical.ts differ from what the FSH produces now.
// The tarball is compared by its entries, so a different zlib build cannot make it look stale.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildProfiles } from './build.ts';
import { listFiles, readTarball } from './fhir-package.ts';
import { canonicalModulePath, generatedDir, repoRoot } from './paths.ts';

function compareFiles(label: string, committed: string, fresh: string, out: string[]): void {
  if (!existsSync(committed)) {
    out.push(`  missing  ${label}`);
  } else if (!readFileSync(committed).equals(readFileSync(fresh))) {
    out.push(`  changed  ${label}`);
  }
}

async function compareTarballs(label: string, committed: string, fresh: string, out: string[]): Promise<void> {
  if (!existsSync(committed)) {
    out.push(`  missing  ${label}`);
    return;
  }
  const [a, b] = [await readTarball(committed), await readTarball(fresh)];
  const differs = a.size !== b.size || [...b].some(([name, data]) => !a.get(name)?.equals(data));
  if (differs) {
    out.push(`  changed  ${label}`);
  }
}

async function check(): Promise<number> {
  const tempDir = mkdtempSync(path.join(tmpdir(), 'target-profiles-'));
  try {
    const freshOut = path.join(tempDir, 'generated');
    const freshCanonical = path.join(tempDir, 'canonical.ts');
    const { tarball } = await buildProfiles({ outDir: freshOut, canonicalPath: freshCanonical, log: () => {} });

    const problems: string[] = [];
    const rel = (p: string) => path.relative(repoRoot, p);
    const freshPackage = path.join(freshOut, 'package');
    const committedPackage = path.join(generatedDir, 'package');
    const freshFiles = listFiles(freshPackage);
    const committedFiles = existsSync(committedPackage) ? listFiles(committedPackage) : [];
    for (const file of freshFiles) {
      compareFiles(
        rel(path.join(committedPackage, file)),
        path.join(committedPackage, file),
        path.join(freshPackage, file),
        problems,
      );
    }
    for (const file of committedFiles.filter((f) => !freshFiles.includes(f))) {
      problems.push(`  extra    ${rel(path.join(committedPackage, file))}`);
    }
    const tarballName = path.basename(tarball);
    await compareTarballs(
      rel(path.join(generatedDir, tarballName)),
      path.join(generatedDir, tarballName),
      tarball,
      problems,
    );
    compareFiles(rel(canonicalModulePath), canonicalModulePath, freshCanonical, problems);

    if (problems.length > 0) {
      console.error(`profiles/generated is stale (${problems.length} file(s)); run \`npm run profiles\` and commit:`);
      console.error(problems.join('\n'));
      return 1;
    }
    console.log(`profiles/generated is up to date (${freshFiles.length} package files, ${tarballName}, canonical.ts)`);
    return 0;
  } finally {
    rmSync(tempDir, { recursive: true, force: true });
  }
}

try {
  process.exitCode = await check();
} catch (err) {
  console.error(`profiles check failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
}
