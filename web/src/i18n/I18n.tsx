import { createContext, useContext, useMemo, useState, type ReactNode } from 'react';
import { dayjs } from '../time';
import { messages, type MessageKey } from './messages';

export type Locale = 'zh-CN' | 'en';
const STORAGE_KEY = 'aftercare.locale';

export type Translate = ((key: MessageKey, values?: Record<string, string | number>) => string) & {
  /** The label of an API enum value, e.g. label('stage', 'assigned'); the value itself when there is none. */
  label(group: string, value: string | null | undefined): string;
};

interface I18nState {
  locale: Locale;
  setLocale: (locale: Locale) => void;
  t: Translate;
}

const I18nContext = createContext<I18nState | null>(null);

function translator(locale: Locale): Translate {
  const table = messages[locale] as Record<string, string>;
  const t = ((key: MessageKey, values?: Record<string, string | number>) =>
    (table[key] ?? key).replace(/\{(\w+)\}/g, (_, name: string) => String(values?.[name] ?? `{${name}}`))) as Translate;
  t.label = (group, value) => (value == null ? '—' : (table[`${group}.${value}`] ?? value));
  return t;
}

/** zh-CN unless the person chose English here before (kept in this browser). */
export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(() => (localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh-CN'));
  const value = useMemo<I18nState>(() => {
    dayjs.locale(locale === 'en' ? 'en' : 'zh-cn');
    document.documentElement.lang = locale;
    return {
      locale,
      setLocale(next) {
        localStorage.setItem(STORAGE_KEY, next);
        setLocaleState(next);
      },
      t: translator(locale),
    };
  }, [locale]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18nState {
  const state = useContext(I18nContext);
  if (!state) throw new Error('useI18n outside I18nProvider');
  return state;
}

export const useT = (): Translate => useI18n().t;
