// Ids of resources derived from another one (the Observations extracted from a QuestionnaireResponse):
// `{baseId}-{suffix}`, so extracting again writes the same ids instead of new resources. FHIR ids are at most
// 64 characters (R4 datatypes.html#id); a longer result keeps the start of the base id and a stable hash of
// the whole of it, so it stays recognisable, the same on every run, and distinct for distinct bases.

const FHIR_ID = /^[A-Za-z0-9\-.]{1,64}$/;
const MAX_ID_LENGTH = 64;

/** 64-bit FNV-1a of `text` (UTF-16 code units) as 16 hex digits: small, synchronous and the same everywhere. */
function fnv1a64(text: string): string {
  let hash = 0xcbf29ce484222325n;
  for (let i = 0; i < text.length; i++) {
    hash ^= BigInt(text.charCodeAt(i));
    hash = (hash * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return hash.toString(16).padStart(16, '0');
}

/**
 * `{baseId}-{suffix}` when that is a valid FHIR id, else `{start of baseId}-{hash of baseId}-{suffix}` cut
 * to 64 characters. Throws for a base id or suffix that is not made of FHIR id characters, or a suffix too
 * long to leave room for the hash.
 */
export function derivedResourceId(baseId: string, suffix: string): string {
  if (!FHIR_ID.test(baseId)) {
    throw new Error(`"${baseId}" is not a FHIR id`);
  }
  if (!/^[A-Za-z0-9\-.]{1,40}$/.test(suffix)) {
    throw new Error(`"${suffix}" is not a suffix of at most 40 FHIR id characters`);
  }
  const plain = `${baseId}-${suffix}`;
  if (plain.length <= MAX_ID_LENGTH) {
    return plain;
  }
  const hash = fnv1a64(baseId);
  const room = MAX_ID_LENGTH - hash.length - suffix.length - 2;
  return room > 0 ? `${baseId.slice(0, room)}-${hash}-${suffix}` : `${hash}-${suffix}`;
}
