/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** The trimmed FHIR type schemas, relative to the app's base (set by vite.config.ts). */
  readonly VITE_FHIR_SCHEMAS_ASSET?: string;
}
