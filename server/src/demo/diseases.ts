// How common each of the 28 chronic diseases of TargetChronicDiseaseCodeSystem is in a Dutch GP population,
// by age band and sex, and which ICPC-1-NL codes a GP records for it. Figures are rounded from Nivel
// Zorgregistraties eerste lijn and RIVM VZinfo registered-prevalence tables (per 1,000 patients), enough to
// give a realistic shape (diabetes ~7% overall, a third of people over 75 with two or more diseases); they
// are not a source for any statistic about real patients.
import { type TargetChronicDiseaseCode, TargetChronicDiseaseCodeSystem } from '@target/profiles';

export interface ChronicDisease {
  readonly code: TargetChronicDiseaseCode;
  /** Prevalence in the age bands 0–17, 18–44, 45–64, 65–74, 75+. */
  readonly prevalence: readonly [number, number, number, number, number];
  /** Multipliers for women and men. */
  readonly female: number;
  readonly male: number;
  /** ICPC codes with their relative frequency; `sex` limits a code to women (f) or men (m). */
  readonly codes: readonly { code: string; weight: number; sex?: 'f' | 'm' }[];
  /** Who manages it besides the GP: the somatic (POH-S) or mental health (POH-GGZ) practice nurse. */
  readonly nurse?: 'somatic' | 'mental';
  /** Chance that the episode is no longer active (resolved, or in remission). */
  readonly ends: number;
}

type Row = [
  TargetChronicDiseaseCode,
  [number, number, number, number, number],
  female: number,
  male: number,
  nurse: 'somatic' | 'mental' | undefined,
  ends: number,
];

const ROWS: Row[] = [
  ['diabetes', [0.002, 0.015, 0.08, 0.16, 0.21], 0.9, 1.1, 'somatic', 0.01],
  ['coronary-heart-disease', [0, 0.002, 0.03, 0.08, 0.14], 0.6, 1.4, 'somatic', 0.03],
  ['heart-failure', [0, 0.0005, 0.005, 0.02, 0.08], 0.9, 1.1, 'somatic', 0.02],
  ['atrial-fibrillation', [0, 0.001, 0.015, 0.06, 0.13], 0.8, 1.2, 'somatic', 0.05],
  ['stroke-tia', [0, 0.002, 0.015, 0.04, 0.08], 0.9, 1.1, 'somatic', 0.03],
  ['peripheral-arterial-disease', [0, 0.0005, 0.01, 0.03, 0.05], 0.8, 1.2, 'somatic', 0.02],
  ['copd', [0, 0.003, 0.03, 0.08, 0.1], 0.9, 1.1, 'somatic', 0.01],
  ['asthma', [0.06, 0.06, 0.05, 0.05, 0.05], 1.1, 0.9, 'somatic', 0.08],
  ['osteoarthritis', [0, 0.01, 0.07, 0.16, 0.25], 1.3, 0.7, undefined, 0.02],
  ['rheumatoid-arthritis', [0, 0.003, 0.01, 0.02, 0.025], 1.4, 0.6, undefined, 0.03],
  ['chronic-neck-back-disorder', [0.003, 0.03, 0.06, 0.06, 0.06], 1.1, 0.9, undefined, 0.15],
  ['osteoporosis', [0, 0.001, 0.01, 0.04, 0.09], 1.8, 0.25, undefined, 0.01],
  ['cancer', [0.001, 0.008, 0.05, 0.1, 0.13], 1, 1, undefined, 0.2],
  ['depression', [0.005, 0.05, 0.05, 0.04, 0.04], 1.35, 0.65, 'mental', 0.2],
  ['anxiety-disorder', [0.01, 0.05, 0.04, 0.03, 0.03], 1.4, 0.6, 'mental', 0.2],
  ['dementia', [0, 0, 0.001, 0.01, 0.07], 1.2, 0.8, undefined, 0],
  ['schizophrenia-psychosis', [0, 0.004, 0.004, 0.003, 0.002], 0.7, 1.3, 'mental', 0.05],
  ['parkinsons-disease', [0, 0, 0.001, 0.005, 0.012], 0.8, 1.2, undefined, 0],
  ['epilepsy', [0.004, 0.006, 0.006, 0.006, 0.006], 1, 1, undefined, 0.05],
  ['multiple-sclerosis', [0, 0.001, 0.002, 0.001, 0.001], 1.5, 0.5, undefined, 0],
  ['migraine', [0.01, 0.05, 0.04, 0.02, 0.01], 1.6, 0.4, undefined, 0.1],
  ['hearing-impairment', [0.005, 0.01, 0.03, 0.08, 0.16], 0.9, 1.1, undefined, 0.01],
  ['visual-impairment', [0.002, 0.003, 0.006, 0.015, 0.05], 1, 1, undefined, 0.02],
  ['inflammatory-bowel-disease', [0.001, 0.005, 0.006, 0.006, 0.005], 1, 1, undefined, 0.05],
  ['chronic-kidney-disease', [0, 0.001, 0.01, 0.04, 0.12], 1, 1, 'somatic', 0.02],
  ['alcohol-abuse', [0, 0.008, 0.01, 0.007, 0.004], 0.4, 1.6, 'mental', 0.15],
  ['drug-abuse', [0.001, 0.006, 0.002, 0.0005, 0], 0.4, 1.6, 'mental', 0.15],
  ['intellectual-disability', [0.005, 0.004, 0.003, 0.002, 0.001], 0.8, 1.2, undefined, 0],
];

/** Relative frequency of the cancer sites (NKR incidence, rounded); other sites of the list are rare. */
const CANCER_WEIGHTS: Record<string, number> = {
  X76: 25,
  Y77: 22,
  D75: 15,
  S77: 15,
  R84: 10,
  U76: 4,
  B73: 3,
  B74: 3,
  U75: 3,
  X75: 3,
  X77: 3,
  D74: 2,
  D76: 2,
};
const FEMALE_ONLY = new Set(['X75', 'X76', 'X77', 'X81', 'W72']);
const MALE_ONLY = new Set(['Y77', 'Y78']);

function codesOf(disease: TargetChronicDiseaseCode): ChronicDisease['codes'] {
  const icpc: readonly string[] = TargetChronicDiseaseCodeSystem.properties.icpc[disease];
  return icpc.map((code) => ({
    code,
    weight: disease === 'cancer' ? (CANCER_WEIGHTS[code] ?? 0.5) : 1,
    sex: FEMALE_ONLY.has(code) ? 'f' : MALE_ONLY.has(code) ? 'm' : undefined,
  }));
}

export const CHRONIC_DISEASES: readonly ChronicDisease[] = ROWS.map(
  ([code, prevalence, female, male, nurse, ends]) => ({
    code,
    prevalence,
    female,
    male,
    nurse,
    ends,
    codes: codesOf(code),
  }),
);

export function ageBand(age: number): 0 | 1 | 2 | 3 | 4 {
  return age < 18 ? 0 : age < 45 ? 1 : age < 65 ? 2 : age < 75 ? 3 : 4;
}

/** Dutch ICPC-1-NL titles (NHG), for the codes we emit with a display. */
export const ICPC_DISPLAY: Record<string, string> = {
  T90: 'Diabetes mellitus',
  'T90.01': 'Diabetes mellitus type 1',
  'T90.02': 'Diabetes mellitus type 2',
  K74: 'Angina pectoris',
  'K74.01': 'Instabiele angina pectoris',
  'K74.02': 'Stabiele angina pectoris',
  K75: 'Acuut myocardinfarct',
  K76: 'Andere/chronische ischemische hartziekte',
  K77: 'Decompensatio cordis',
  K78: 'Atriumfibrilleren/-fladderen',
  K89: 'Passagère cerebrale ischemie/TIA',
  K90: 'Cerebrovasculair accident',
  K92: 'Atherosclerose/perifeer arterieel vaatlijden',
  R95: 'COPD',
  R96: 'Astma',
  L88: 'Reumatoïde artritis',
  L89: 'Artrose heup',
  L90: 'Artrose knie',
  L91: 'Artrose andere gewrichten',
  L95: 'Osteoporose',
  P70: 'Dementie',
  P74: 'Angststoornis',
  P76: 'Depressie',
  N87: 'Parkinsonisme',
  N88: 'Epilepsie',
  N89: 'Migraine',
  H86: 'Slechthorendheid',
  K86: 'Hypertensie zonder orgaanbeschadiging',
  T93: 'Vetstofwisselingsstoornis',
  R74: 'Acute infectie bovenste luchtwegen',
  U71: 'Cystitis/urineweginfectie',
  L03: 'Lage rugpijn zonder uitstraling',
  S74: 'Dermatomycose',
  D73: 'Gastro-enteritis, vermoedelijk infectieus',
  H81: 'Overmatig cerumen',
  R78: 'Acute bronchitis/bronchiolitis',
  N01: 'Hoofdpijn',
};

/** GP-recorded ICPC sub-codes: some episodes are coded one level deeper (the rules match the first 3 characters). */
export const ICPC_SUBCODES: Record<string, readonly (readonly [string, number])[]> = {
  T90: [
    ['T90', 15],
    ['T90.02', 75],
    ['T90.01', 10],
  ],
  K74: [
    ['K74', 50],
    ['K74.02', 35],
    ['K74.01', 15],
  ],
};

/** Everyday episodes that are not on the chronic list: [code, share of people per year, mostly resolved?]. */
export const OTHER_EPISODES: readonly (readonly [string, number])[] = [
  ['R74', 30],
  ['U71', 14],
  ['L03', 14],
  ['S74', 10],
  ['D73', 8],
  ['H81', 8],
  ['R78', 8],
  ['N01', 6],
];
