// The SMART app's entry: providers (Mantine, language, router) around the route table in App.tsx.
import '@mantine/core/styles.css';
import { MantineProvider } from '@mantine/core';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { App } from './App.tsx';
import { LanguageProvider } from './i18n/index.tsx';

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <MantineProvider>
        <LanguageProvider>
          <BrowserRouter basename="/app">
            <App />
          </BrowserRouter>
        </LanguageProvider>
      </MantineProvider>
    </StrictMode>,
  );
}
