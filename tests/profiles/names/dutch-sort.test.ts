import type { HumanName } from 'fhir/r4.js';
import { expect, test } from 'vitest';
import { dutchSortKey, ownSurname, stripVoorvoegsel } from '../../../profiles/src/names/dutch-sort.ts';

test.each([
  ['de Vries', 'Vries'],
  ['van den Berg', 'Berg'],
  ['Van der Meer', 'Meer'],
  ["van 't Hof", 'Hof'],
  ["'t Hart", 'Hart'],
  ['Bakker', 'Bakker'],
  ['Vandersteen', 'Vandersteen'],
  ['ter Horst', 'Horst'],
])('strips the voorvoegsel of %s', (family, own) => {
  expect(stripVoorvoegsel(family)).toBe(own);
});

test('the nl-core own-name extension wins over stripping', () => {
  const name: HumanName = {
    family: 'van den Berg-de Vries',
    _family: {
      extension: [
        { url: 'http://hl7.org/fhir/StructureDefinition/humanname-own-prefix', valueString: 'van den' },
        { url: 'http://hl7.org/fhir/StructureDefinition/humanname-own-name', valueString: 'Berg' },
      ],
    },
    given: ['Anna'],
  };
  expect(ownSurname(name)).toBe('Berg');
});

test('"de Vries" sorts under V, "van den Berg" under B, between Bakker and Dekker', () => {
  const names: HumanName[] = [
    { family: 'de Vries', given: ['Jan'] },
    { family: 'Dekker', given: ['Piet'] },
    { family: 'van den Berg', given: ['Els'] },
    { family: 'Bakker', given: ['Ömer'] },
  ];
  const sorted = [...names].sort((a, b) => (dutchSortKey(a) ?? '').localeCompare(dutchSortKey(b) ?? ''));
  expect(sorted.map((n) => n.family)).toEqual(['Bakker', 'van den Berg', 'Dekker', 'de Vries']);
  expect(dutchSortKey(names[3])).toBe('bakker omer');
});
