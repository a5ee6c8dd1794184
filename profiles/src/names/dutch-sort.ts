// Dutch surname order: "de Vries" sorts under V, "van den Berg" under B (NEN 1051 / the Dutch phone-book
// convention). nl-core (zib NameInformation) splits HumanName.family into the own name and its prefix with
// the HL7 extensions humanname-own-name / humanname-own-prefix; when they are absent, known voorvoegsels
// are stripped from the front of `family`.
import type { HumanName } from 'fhir/r4.js';

const OWN_NAME = 'http://hl7.org/fhir/StructureDefinition/humanname-own-name';
const PARTNER_NAME = 'http://hl7.org/fhir/StructureDefinition/humanname-partner-name';

/** Dutch voorvoegsels (tussenvoegsels) as they precede a surname, lower case; longest match first. */
const PREFIXES = [
  'van de',
  'van der',
  'van den',
  'van het',
  "van 't",
  'van ter',
  'van',
  'de',
  'den',
  'der',
  'het',
  "'t",
  'ter',
  'te',
  'ten',
  'in de',
  'in het',
  "in 't",
  'op de',
  'op den',
  'op ten',
  'uit de',
  'uit den',
  'uit het',
  'aan de',
  'aan den',
  'aan het',
  'bij de',
  'onder de',
  'over de',
  'la',
  'le',
  'du',
  'des',
  'di',
  'da',
  'dos',
  'el',
  'al',
  'von',
  'vom',
  'zu',
  'zum',
  'zur',
  'op',
  'in',
  "d'",
  "l'",
].sort((a, b) => b.length - a.length);

/** The family name without a leading voorvoegsel ("van den Berg" → "Berg"). */
export function stripVoorvoegsel(family: string): string {
  const trimmed = family.trim();
  const lower = trimmed.toLowerCase();
  for (const prefix of PREFIXES) {
    if (
      lower.startsWith(`${prefix} `) ||
      (prefix.endsWith("'") && lower.startsWith(prefix) && lower.length > prefix.length)
    ) {
      return trimmed.slice(prefix.length).trim();
    }
  }
  return trimmed;
}

/** The own surname (no prefix): the own-name extension, else `family` without its voorvoegsel. */
export function ownSurname(name: HumanName): string | undefined {
  const own = name._family?.extension?.find((e) => e.url === OWN_NAME)?.valueString;
  if (own) {
    return own.trim();
  }
  const partner = name._family?.extension?.find((e) => e.url === PARTNER_NAME)?.valueString;
  const family = name.family ?? partner;
  return family ? stripVoorvoegsel(family) : undefined;
}

/**
 * The key a list of patients sorts on: own surname, then given names, lower case without diacritics, so
 * "de Vries, Anna" sorts as "vries anna". Undefined when the name has neither.
 */
export function dutchSortKey(name: HumanName | undefined): string | undefined {
  if (!name) {
    return undefined;
  }
  const parts = [ownSurname(name), ...(name.given ?? [])].filter((p): p is string => Boolean(p?.trim()));
  if (parts.length === 0) {
    return name.text ? fold(name.text) : undefined;
  }
  return fold(parts.join(' '));
}

function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').replace(/['’]/g, '').toLowerCase().replace(/\s+/g, ' ').trim();
}

/** The name a person uses: the `official` or `usual` one, else the first. */
export function preferredName(names: readonly HumanName[] | undefined): HumanName | undefined {
  return names?.find((n) => n.use === 'official') ?? names?.find((n) => n.use === 'usual') ?? names?.[0];
}
