// Dutch vocabulary for synthetic people: given names by generation, family names (the 25 most common with
// their real shares plus a long tail of composed names), streets, places and BSNs. Shared by the demo
// practices and the FHIR benchmark corpus; the benchmark's output depends on these lists and on the
// order of the random draws below, so change them only together with its expectations.
import { pick, pickWeighted, type Rng } from './random.ts';

export const MALE_NAMES = [
  'Jan',
  'Piet',
  'Kees',
  'Henk',
  'Gerrit',
  'Willem',
  'Johannes',
  'Hendrik',
  'Cornelis',
  'Daan',
];
export const MALE_NAMES_2 = [
  'Sem',
  'Lucas',
  'Levi',
  'Finn',
  'Bram',
  'Thijs',
  'Ruben',
  'Jeroen',
  'Mark',
  'Dennis',
  'Ahmed',
];
export const FEMALE_NAMES = ['Maria', 'Anna', 'Johanna', 'Cornelia', 'Wilhelmina', 'Elisabeth', 'Grietje', 'Janneke'];
export const FEMALE_NAMES_2 = ['Emma', 'Julia', 'Sophie', 'Tess', 'Fleur', 'Lotte', 'Anouk', 'Sanne', 'Fatima', 'Iris'];
/**
 * The 25 most common Dutch family names with their approximate share of the population in percent
 * (together ~7%); chained searches pick from these. Everyone else gets a name from a long tail of
 * ~3,000 composed names, so no single name is unrealistically frequent.
 */
const COMMON_FAMILY_NAME_SHARES = [
  ['de Jong', 0.55],
  ['Jansen', 0.45],
  ['de Vries', 0.42],
  ['van den Berg', 0.37],
  ['van Dijk', 0.36],
  ['Bakker', 0.35],
  ['Janssen', 0.34],
  ['Visser', 0.31],
  ['Smit', 0.28],
  ['Meijer', 0.26],
  ['de Boer', 0.25],
  ['Mulder', 0.23],
  ['de Groot', 0.23],
  ['Bos', 0.22],
  ['Vos', 0.21],
  ['Peters', 0.2],
  ['Hendriks', 0.2],
  ['van Leeuwen', 0.19],
  ['Dekker', 0.18],
  ['Brouwer', 0.17],
  ['de Wit', 0.17],
  ['Dijkstra', 0.17],
  ['Smits', 0.16],
  ['de Graaf', 0.16],
  ['van der Meer', 0.16],
] as const;
export const COMMON_FAMILY_NAMES: readonly string[] = COMMON_FAMILY_NAME_SHARES.map(([name]) => name);
const COMMON_FAMILY_TOTAL = COMMON_FAMILY_NAME_SHARES.reduce((sum, [, share]) => sum + share, 0) / 100;
const FAMILY_PREFIXES = ['', '', 'van ', 'de ', 'ter ', 'van der '];
const FAMILY_HEADS = [
  'Groen',
  'Hoog',
  'Kool',
  'Zand',
  'Berg',
  'Brink',
  'Wester',
  'Ooster',
  'Noord',
  'Stein',
  'Ver',
  'Linde',
  'Holt',
  'Esch',
  'Wijn',
  'Kamp',
  'Beuk',
  'Riet',
  'Heem',
  'Ros',
];
const FAMILY_TAILS = [
  'veld',
  'huis',
  'man',
  'stra',
  'kamp',
  'hof',
  'hout',
  'beek',
  'dijk',
  'werf',
  'ink',
  'laar',
  'horst',
  'broek',
  'wijk',
  'straten',
  'boom',
  'meulen',
  'zaal',
  'donk',
];
export const STREETS = [
  'Dorpsstraat',
  'Kerkstraat',
  'Schoolstraat',
  'Molenweg',
  'Stationsweg',
  'Julianalaan',
  'Beatrixlaan',
];
/** Cities of the northern Netherlands (the benchmark's practices and patients). */
export const CITIES = [
  'Groningen',
  'Assen',
  'Zwolle',
  'Leeuwarden',
  'Emmen',
  'Hoogeveen',
  'Meppel',
  'Drachten',
  'Winschoten',
];

/** A family name: one of the 25 most common at their real share, else one from the long tail. */
export function familyName(rng: Rng): string {
  const r = rng();
  if (r < COMMON_FAMILY_TOTAL) {
    return pickWeighted(rng, COMMON_FAMILY_NAME_SHARES);
  }
  return `${pick(rng, FAMILY_PREFIXES)}${pick(rng, FAMILY_HEADS)}${pick(rng, FAMILY_TAILS)}${rng() < 0.3 ? 's' : ''}`;
}

/** A given name fitting the person's generation (born before 1970 or later). */
export function givenName(rng: Rng, male: boolean, birthYear: number): string {
  if (male) {
    return birthYear < 1970 ? pick(rng, MALE_NAMES) : pick(rng, MALE_NAMES_2);
  }
  return birthYear < 1970 ? pick(rng, FEMALE_NAMES) : pick(rng, FEMALE_NAMES_2);
}

/**
 * Streets beyond the benchmark's seven, for the demo practices' patients (common Dutch street names; the
 * benchmark keeps its own list so its output does not change).
 */
export const DEMO_STREETS = [
  ...STREETS,
  'Hoofdstraat',
  'Brink',
  'Esweg',
  'Heerenstraat',
  'Nieuwe Kanaal',
  'Oranjestraat',
  'Wilhelminastraat',
  'Parallelweg',
  'Vaart Zuidzijde',
  'Eikenlaan',
  'Berkenlaan',
  'Beukenlaan',
  'Lindelaan',
  'Sportlaan',
  'Industrieweg',
  'Kanaalweg',
  'Meester Lugtstraat',
  'Boslaan',
  'Zuideinde',
  'Noordeinde',
] as const;

/** A place in Drenthe with the range of its four-digit postcodes (PostNL areas, first digits). */
export interface Place {
  readonly city: string;
  readonly postcodeFrom: number;
  readonly postcodeTo: number;
}

export const DRENTHE_PLACES: readonly Place[] = [
  { city: 'Assen', postcodeFrom: 9401, postcodeTo: 9408 },
  { city: 'Emmen', postcodeFrom: 7811, postcodeTo: 7826 },
  { city: 'Hoogeveen', postcodeFrom: 7901, postcodeTo: 7909 },
  { city: 'Meppel', postcodeFrom: 7941, postcodeTo: 7944 },
  { city: 'Coevorden', postcodeFrom: 7741, postcodeTo: 7742 },
  { city: 'Beilen', postcodeFrom: 9411, postcodeTo: 9412 },
  { city: 'Roden', postcodeFrom: 9301, postcodeTo: 9302 },
  { city: 'Zuidlaren', postcodeFrom: 9471, postcodeTo: 9472 },
  { city: 'Klazienaveen', postcodeFrom: 7891, postcodeTo: 7892 },
  { city: 'Borger', postcodeFrom: 9531, postcodeTo: 9531 },
  { city: 'Westerbork', postcodeFrom: 9431, postcodeTo: 9431 },
  { city: 'Gieten', postcodeFrom: 9461, postcodeTo: 9461 },
  { city: 'Vries', postcodeFrom: 9481, postcodeTo: 9481 },
  { city: 'Eelde', postcodeFrom: 9761, postcodeTo: 9761 },
  { city: 'Dwingeloo', postcodeFrom: 7991, postcodeTo: 7991 },
  { city: 'Zuidwolde', postcodeFrom: 7921, postcodeTo: 7921 },
  { city: 'Schoonebeek', postcodeFrom: 7761, postcodeTo: 7761 },
  { city: 'Norg', postcodeFrom: 9331, postcodeTo: 9331 },
];

// PostNL never uses the letter pairs SA, SD and SS in a postcode.
const POSTCODE_LETTERS = 'ABCDEGHJKLMNPRSTVWXZ';

/** A postcode in `place`, written the Dutch way: `9401 AB`. */
export function postcode(rng: Rng, place: Place): string {
  const digits = place.postcodeFrom + Math.floor(rng() * (place.postcodeTo - place.postcodeFrom + 1));
  const first = POSTCODE_LETTERS[Math.floor(rng() * POSTCODE_LETTERS.length)];
  let second = POSTCODE_LETTERS[Math.floor(rng() * POSTCODE_LETTERS.length)];
  if (first === 'S' && (second === 'A' || second === 'D' || second === 'S')) {
    second = 'T';
  }
  return `${digits} ${first}${second}`;
}

/** The check digit the BSN 11-test needs after eight digits, or undefined when none exists (sum ≡ 10). */
function bsnCheckDigit(prefix: string): string | undefined {
  let sum = 0;
  for (let k = 0; k < 8; k++) {
    sum += (9 - k) * Number(prefix[k]);
  }
  const check = sum % 11;
  return check < 10 ? String(check) : undefined;
}

/** The first valid BSN among the prefixes `first`, `first + step`, … (nine tries; consecutive ones always work). */
function firstValidBsn(first: number, step: number, index: number): string {
  for (let j = 0; j < 9; j++) {
    const prefix = String(first + j * step).padStart(8, '0');
    const check = bsnCheckDigit(prefix);
    if (check !== undefined) {
      return prefix + check;
    }
  }
  throw new Error(`no BSN for patient ${index}`);
}

/** A valid BSN (Dutch citizen service number, passes the 11-test), unique per patient index (benchmark). */
export function patientBsn(index: number): string {
  return firstValidBsn(10_000_000 + index * 9, 1, index);
}

/**
 * A BSN for a demo patient, counted down from 999 999 999 (two prefixes per patient): the top of the
 * 9-block, where Dutch test environments keep their test persons (999 99x xxx), far above the numbers issued
 * so far. 2,000 patients stay within 999 99x xxx–999 96x xxx; 500,000 reach 980 000 000. Every number passes
 * the 11-test and is unique per index.
 */
export function testBsn(index: number): string {
  return firstValidBsn(99_999_999 - index * 2, -1, index);
}
