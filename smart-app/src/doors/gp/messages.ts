import { defineMessages } from '../../i18n/index.tsx';

export const gpMessages = defineMessages({
  nl: {
    skipToContent: 'Naar de inhoud',
    navigation: 'TARGET-onderdelen',
    worklist: 'Werklijst',
    patient: 'Patiënt',
    conversation: 'Het andere gesprek',
    settings: 'Instellingen',
    language: 'Taal',
    practice: 'Praktijk',
    patientInContext: 'Patiënt',
    born: 'geb. {date}',
  },
  en: {
    skipToContent: 'Skip to content',
    navigation: 'TARGET sections',
    worklist: 'Worklist',
    patient: 'Patient',
    conversation: 'The other conversation',
    settings: 'Settings',
    language: 'Language',
    practice: 'Practice',
    patientInContext: 'Patient',
    born: 'born {date}',
  },
});
