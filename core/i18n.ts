// Text for people lives in catalogues (it, ru, en), keyed, with {{placeholders}};
// i18next does the lookup, interpolation and fallback. Each feature keeps its own
// catalogue beside its code and gets a translator from here.
import i18next, { type i18n } from 'i18next';
import type { Language } from '../wire';

export type Catalog = Record<Language, Record<string, string>>;
export type Translate = (language: Language | string | undefined, key: string, params?: Record<string, unknown>) => string;

export function createTranslator(catalog: Catalog, fallback: Language = 'en'): Translate {
  const instance: i18n = i18next.createInstance();
  void instance.init({
    initAsync: false,
    resources: Object.fromEntries(Object.entries(catalog).map(([lng, strings]) => [lng, { translation: strings }])),
    lng: fallback,
    fallbackLng: fallback,
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  return (language, key, params) => {
    const lng = language && language in catalog ? language : fallback;
    return instance.t(key, { lng, ...params }) as string;
  };
}
