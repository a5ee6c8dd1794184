// The TARGET mapping module for Node (server, scripts, tests): everything of ./index.ts, plus what reads the
// committed package from disk: the validator factory and the package readers. Kept apart from index.ts
// because package.ts resolves the package folder with node:path at load time, which a browser bundle of
// the SMART app cannot do.

export * from './index.ts';
export {
  type PackageResource,
  readTargetDefinitions,
  readTargetExamples,
  TARGET_PACKAGE_DIR,
} from './package.ts';
export { TerminologyIndex } from './terminology.ts';
export { createTargetValidator, type TargetValidator, withExtensionSliceUrls } from './validate.ts';
