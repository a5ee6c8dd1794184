// @vitest-environment happy-dom
import { cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, expect, test } from 'vitest';
import { useLanguage } from '../../smart-app/src/i18n/index.tsx';
import { StartPage } from '../../smart-app/src/StartPage.tsx';
import { renderView } from './support/render-view.tsx';

afterEach(cleanup);

function SwitchToEnglish() {
  const { setLanguage } = useLanguage();
  return (
    <button type="button" onClick={() => setLanguage('en')}>
      en
    </button>
  );
}

test('the start page tells in Dutch how to open TARGET, and in English after switching', () => {
  renderView(
    <>
      <SwitchToEnglish />
      <StartPage />
    </>,
  );
  expect(screen.getByText(/Open TARGET vanuit het patiëntdossier/)).toBeTruthy();
  fireEvent.click(screen.getByRole('button', { name: 'en' }));
  expect(screen.getByText(/Open TARGET from the patient record/)).toBeTruthy();
});
