// Every UI text goes through i18n keys, Dutch first with English switchable. Each view owns its messages
// (`defineMessages` in the view's folder), so views never edit a shared dictionary.
import { createContext, type ReactNode, useCallback, useContext, useMemo, useState } from 'react';

export const LANGUAGES = ['nl', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

const LANGUAGE_KEY = 'target.language';

interface LanguageState {
  readonly language: Language;
  readonly setLanguage: (language: Language) => void;
}

const LanguageContext = createContext<LanguageState>({ language: 'nl', setLanguage: () => {} });

function storedLanguage(): Language {
  const stored = globalThis.localStorage?.getItem(LANGUAGE_KEY);
  return stored === 'en' ? 'en' : 'nl';
}

export function LanguageProvider(props: { readonly children: ReactNode; readonly initial?: Language }) {
  const [language, setState] = useState<Language>(props.initial ?? storedLanguage());
  const setLanguage = useCallback((next: Language) => {
    globalThis.localStorage?.setItem(LANGUAGE_KEY, next);
    document.documentElement.lang = next;
    setState(next);
  }, []);
  const value = useMemo(() => ({ language, setLanguage }), [language, setLanguage]);
  return <LanguageContext.Provider value={value}>{props.children}</LanguageContext.Provider>;
}

export function useLanguage(): LanguageState {
  return useContext(LanguageContext);
}

export type Params = Readonly<Record<string, string | number>>;
export type Translate<K extends string> = (key: K, params?: Params) => string;

/** `{name}` placeholders filled from params; a missing param stays visible rather than silently empty. */
export function fill(template: string, params?: Params): string {
  return params ? template.replace(/\{(\w+)\}/g, (all, name: string) => String(params[name] ?? all)) : template;
}

export interface Messages<K extends string> {
  readonly nl: Readonly<Record<K, string>>;
  readonly en: Readonly<Record<K, string>>;
}

/** A view's messages in both languages; TypeScript checks that the English set has the same keys. */
export function defineMessages<K extends string>(messages: Messages<K>): Messages<K> {
  return messages;
}

/** Translates a view's messages in the current language: `const t = useTranslate(messages)`. */
export function useTranslate<K extends string>(messages: Messages<K>): Translate<K> {
  const { language } = useLanguage();
  return useCallback<Translate<K>>((key, params) => fill(messages[language][key], params), [messages, language]);
}
