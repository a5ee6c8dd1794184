// Small pieces the builders and readers share: codings from the generated CodeSystem constants (with their
// Dutch displays), extensions by canonical URL, version-specific references to the practice settings, and
// dropping absent optional values so that read(build(x)) equals x exactly.
import type { CodeableConcept, Coding, Extension, Quantity, Reference } from 'fhir/r4.js';
import { ExternalSystems } from '../external.ts';
import { required, TargetReadError } from './read-error.ts';

/** The shape of a TARGET CodeSystem constant in canonical.ts: its url and code → display. */
export interface CodeSystemConstant<C extends string> {
  readonly url: string;
  readonly codes: Readonly<Record<C, string>>;
}

/** A Coding of a TARGET code, with the CodeSystem's display. */
export function coding<C extends string>(codeSystem: CodeSystemConstant<C>, code: C): Coding {
  return { system: codeSystem.url, code, display: codeSystem.codes[code] };
}

/** A CodeableConcept holding one TARGET code. */
export function concept<C extends string>(codeSystem: CodeSystemConstant<C>, code: C): CodeableConcept {
  return { coding: [coding(codeSystem, code)] };
}

/** Whether one of the concepts carries `system|code`. */
export function hasCoding(
  concepts: readonly (CodeableConcept | undefined)[] | undefined,
  system: string,
  code: string,
): boolean {
  return (concepts ?? []).some((c) => c?.coding?.some((cd) => cd.system === system && cd.code === code));
}

/** Throws `wrong-resource` unless one of the concepts carries the fixed (external) coding. */
export function expectCoding(
  concepts: readonly (CodeableConcept | undefined)[] | undefined,
  fixed: { readonly system: string; readonly code: string },
  path: string,
): void {
  if (!hasCoding(concepts, fixed.system, fixed.code)) {
    throw new TargetReadError('wrong-resource', path, `no ${fixed.system}|${fixed.code}`);
  }
}

/**
 * The code of the first coding in `codeSystem` (undefined when there is none); an `invalid` error when that
 * code is not in the CodeSystem.
 */
export function codeIn<C extends string>(
  codeSystem: CodeSystemConstant<C>,
  codings: readonly Coding[] | undefined,
  path: string,
): C | undefined {
  const found = codings?.find((c) => c.system === codeSystem.url);
  if (!found) {
    return undefined;
  }
  if (found.code === undefined || !Object.hasOwn(codeSystem.codes, found.code)) {
    throw new TargetReadError('invalid', path, `${found.code} is not a code of ${codeSystem.url}`);
  }
  return found.code as C;
}

/** Like codeIn, but a missing code is a `missing` error. */
export function requiredCode<C extends string>(
  codeSystem: CodeSystemConstant<C>,
  codings: readonly Coding[] | undefined,
  path: string,
): C {
  const code = codeIn(codeSystem, codings, path);
  if (code === undefined) {
    throw new TargetReadError('missing', path, `no code of ${codeSystem.url}`);
  }
  return code;
}

/** The extensions of an element with this URL. */
export function extensionsOf(element: { extension?: Extension[] } | undefined, url: string): Extension[] {
  return (element?.extension ?? []).filter((e) => e.url === url);
}

/** The one extension with this URL, or undefined; an `invalid` error when it repeats. */
export function extensionOf(element: { extension?: Extension[] } | undefined, url: string, path: string) {
  const found = extensionsOf(element, url);
  if (found.length > 1) {
    throw new TargetReadError('invalid', path, `extension ${url} repeats`);
  }
  return found[0];
}

/** A practice-settings version, as TargetSettingsUsed refers to it (`Basic/{id}/_history/{version}`). */
export interface SettingsVersion {
  id: string;
  version: string;
}

export function settingsReference(settings: SettingsVersion): Reference {
  return { reference: `Basic/${settings.id}/_history/${settings.version}` };
}

const VERSIONED_BASIC = /(?:^|\/)Basic\/([A-Za-z0-9\-.]{1,64})\/_history\/([A-Za-z0-9\-.]{1,64})$/;

/** Reads a version-specific reference to TargetPracticeSettings; any other form is an `invalid` error. */
export function readSettingsReference(reference: Reference | undefined, path: string): SettingsVersion {
  if (!reference?.reference) {
    throw new TargetReadError('missing', path, 'no reference to the practice settings used');
  }
  const match = VERSIONED_BASIC.exec(reference.reference);
  if (!match) {
    throw new TargetReadError('invalid', path, `${reference.reference} is not Basic/{id}/_history/{version}`);
  }
  return { id: match[1], version: match[2] };
}

/** For builders: a copy without the properties that are undefined or empty arrays (FHIR has no empty arrays). */
export function compact<T extends object>(value: T): T {
  return Object.fromEntries(
    Object.entries(value).filter(([, v]) => v !== undefined && !(Array.isArray(v) && v.length === 0)),
  ) as T;
}

/** For readers: a copy without the properties that are undefined (absent optional values stay absent). */
export function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** A UCUM Quantity with the profile's fixed unit code. */
export function ucumQuantity(value: number, unit: string): Quantity {
  return { value, system: ExternalSystems.UCUM, code: unit };
}

/** The value of a Quantity in the fixed UCUM unit; another unit is an `invalid` error. */
export function readUcumValue(quantity: Quantity | undefined, unit: string, path: string): number {
  const value = required(quantity?.value, `${path}.value`);
  if (quantity?.system !== ExternalSystems.UCUM || quantity.code !== unit) {
    throw new TargetReadError('invalid', path, `expected UCUM ${unit}, got ${quantity?.system}|${quantity?.code}`);
  }
  return value;
}

/**
 * Throws `wrong-resource` unless one of the concepts carries the TARGET code that marks the profile's kind
 * of resource (a fixed code, category or type).
 */
export function expectMarker<C extends string>(
  concepts: readonly (CodeableConcept | undefined)[] | undefined,
  codeSystem: CodeSystemConstant<C>,
  code: C,
  path: string,
): void {
  expectCoding(concepts, { system: codeSystem.url, code }, path);
}
