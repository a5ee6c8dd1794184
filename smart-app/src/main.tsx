// The SMART app's entry: providers (Mantine with its notifications, language, router) around the route
// table in App.tsx. Views confirm what they stored with `notifications.show` from @mantine/notifications.
import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import { MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
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
        <Notifications />
        <LanguageProvider>
          <BrowserRouter basename="/app">
            <App />
          </BrowserRouter>
        </LanguageProvider>
      </MantineProvider>
    </StrictMode>,
  );
}
