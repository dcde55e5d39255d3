// The outage notice's SMS text per language, and the service names it (and the SMS replies
// of channels/sms, whose catalogue includes these keys) put in a sentence. One GSM-7 segment
// where it can be: test/unit/sms-catalog.test.ts measures them with the SMS catalogue.
import { createTranslator, type Catalog } from '../i18n';

export const outageSmsCatalog: Catalog = {
  it: {
    'outage.restored': 'Il servizio {{service}} nella sua zona è stato ripristinato. Ci scusiamo per il disagio.',
    'service.gas': 'gas',
    'service.electricity': 'luce',
    'service.water': 'acqua',
    'service.heating': 'calore',
  },
  en: {
    'outage.restored': 'The {{service}} supply in your area has been restored. We apologise for the inconvenience.',
    'service.gas': 'gas',
    'service.electricity': 'electricity',
    'service.water': 'water',
    'service.heating': 'heating',
  },
  ru: {
    'outage.restored': 'Услуга «{{service}}» в вашем районе восстановлена.',
    'service.gas': 'газ',
    'service.electricity': 'свет',
    'service.water': 'воду',
    'service.heating': 'тепло',
  },
};

export const tOutage = createTranslator(outageSmsCatalog, 'it');
