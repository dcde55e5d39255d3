// The unsubscribe page's text (GET shows what the link withdraws and asks to confirm; POST confirms).
import { createTranslator, type Catalog } from '../../core/i18n';

export const unsubscribeCatalog: Catalog = {
  it: {
    title: 'Preferenze di contatto',
    'ask.reminders': 'Non vuole più ricevere i promemoria di pagamento?',
    'ask.marketing': 'Non vuole più ricevere offerte commerciali?',
    'ask.service': 'Non vuole più ricevere i nostri messaggi di servizio via e-mail?',
    'effect.reminders':
      'Non le invieremo più promemoria di cortesia sulle bollette, su nessun canale. Gli avvisi previsti dalla legge (per esempio prima di una riduzione o sospensione della fornitura) le arriveranno comunque.',
    'effect.marketing': 'Non le invieremo più offerte commerciali.',
    'effect.service':
      'Non le scriveremo più via e-mail per i messaggi di servizio. Gli avvisi previsti dalla legge le arriveranno comunque per SMS, telefono o posta.',
    confirm: 'Conferma',
    done: 'Fatto: la sua scelta è registrata.',
    later: 'Può cambiare le sue preferenze in qualsiasi momento sul sito, al telefono o allo sportello.',
    invalid: 'Questo link non è valido. Usi il link dell’e-mail così com’è, oppure ci contatti.',
    unknown: 'Non troviamo più i suoi dati: non riceverà altri messaggi da noi.',
  },
  ru: {
    title: 'Настройки рассылок',
    'ask.reminders': 'Больше не получать напоминания об оплате?',
    'ask.marketing': 'Больше не получать коммерческие предложения?',
    'ask.service': 'Больше не получать служебные сообщения по электронной почте?',
    'effect.reminders':
      'Мы больше не будем присылать напоминания об оплате ни по одному каналу. Уведомления, которые требует закон (например, перед ограничением или приостановкой поставки), вы получите в любом случае.',
    'effect.marketing': 'Мы больше не будем присылать коммерческие предложения.',
    'effect.service':
      'Мы больше не будем писать вам по электронной почте. Уведомления, которые требует закон, придут по SMS, телефону или почтой.',
    confirm: 'Подтвердить',
    done: 'Готово: ваш выбор сохранён.',
    later: 'Изменить настройки можно в любое время на сайте, по телефону или в офисе.',
    invalid: 'Ссылка недействительна. Используйте ссылку из письма без изменений или свяжитесь с нами.',
    unknown: 'Ваших данных у нас больше нет: мы не будем присылать вам сообщения.',
  },
  en: {
    title: 'Contact preferences',
    'ask.reminders': 'Stop receiving payment reminders?',
    'ask.marketing': 'Stop receiving commercial offers?',
    'ask.service': 'Stop receiving our service messages by e-mail?',
    'effect.reminders':
      'We will no longer send you courtesy reminders about your bills, on any channel. Notices the law requires (for example before your supply is reduced or suspended) will still reach you.',
    'effect.marketing': 'We will no longer send you commercial offers.',
    'effect.service': 'We will no longer write to you by e-mail. Notices the law requires will still reach you by text, phone or post.',
    confirm: 'Confirm',
    done: 'Done: your choice is recorded.',
    later: 'You can change your preferences at any time on our website, by phone or at our offices.',
    invalid: 'This link is not valid. Please use the link from the e-mail as it was, or contact us.',
    unknown: 'We no longer hold your details: you will receive no more messages from us.',
  },
};

export const tUnsubscribe = createTranslator(unsubscribeCatalog);
