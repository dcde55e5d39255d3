// The IVR's consent option (menu 6, channels/voice/ivr/consent.ts): per channel, whether the
// caller's reminders and service messages may come by SMS, e-mail or automated call.
import type { Catalog } from '../../core/i18n';

export const consentVoiceCatalog: Catalog = {
  it: {
    'consent.unknown_caller':
      'Non abbiamo riconosciuto il suo numero di telefono. Per cambiare le sue preferenze, chiami dal numero che ci ha comunicato o parli con un operatore.',
    'consent.choose':
      'Promemoria e avvisi via SMS: premere 1. Via e-mail: premere 2. Con chiamata automatica: premere 3. Per tornare al menu principale: premere 0.',
    'consent.channel.sms': 'via SMS',
    'consent.channel.email': 'via e-mail',
    'consent.channel.voice': 'con chiamata automatica',
    'consent.is_on': 'Promemoria e avvisi {{channel}} sono attivi. Per disattivarli, premere 1. Per lasciarli così, premere 2.',
    'consent.is_off': 'Promemoria e avvisi {{channel}} sono disattivati. Per riattivarli, premere 1. Per lasciarli così, premere 2.',
    'consent.now_off':
      'Fatto: non le invieremo più promemoria e avvisi {{channel}}. Gli avvisi previsti dalla legge le arriveranno comunque con gli altri canali o per posta.',
    'consent.now_on': 'Fatto: promemoria e avvisi {{channel}} sono di nuovo attivi.',
    'consent.unchanged': 'Nessuna modifica.',
  },
  en: {
    'consent.unknown_caller':
      'We could not recognise your phone number. To change your preferences, call from the number you gave us or speak to an agent.',
    'consent.choose':
      'Reminders and notices by text message: press 1. By e-mail: press 2. By automated call: press 3. To go back to the main menu: press 0.',
    'consent.channel.sms': 'by text message',
    'consent.channel.email': 'by e-mail',
    'consent.channel.voice': 'by automated call',
    'consent.is_on': 'Reminders and notices {{channel}} are on. To turn them off, press 1. To leave them as they are, press 2.',
    'consent.is_off': 'Reminders and notices {{channel}} are off. To turn them back on, press 1. To leave them as they are, press 2.',
    'consent.now_off':
      'Done: we will no longer send you reminders and notices {{channel}}. Notices the law requires will still reach you by your other channels or by post.',
    'consent.now_on': 'Done: reminders and notices {{channel}} are on again.',
    'consent.unchanged': 'Nothing was changed.',
  },
  ru: {
    'consent.unknown_caller':
      'Мы не узнали ваш номер телефона. Чтобы изменить настройки, позвоните с номера, который вы нам сообщили, или свяжитесь с оператором.',
    'consent.choose':
      'Напоминания и уведомления по SMS: нажмите 1. По электронной почте: нажмите 2. Автоматическим звонком: нажмите 3. Чтобы вернуться в главное меню, нажмите 0.',
    'consent.channel.sms': 'по SMS',
    'consent.channel.email': 'по электронной почте',
    'consent.channel.voice': 'автоматическим звонком',
    'consent.is_on': 'Напоминания и уведомления {{channel}} включены. Чтобы отключить, нажмите 1. Чтобы оставить как есть, нажмите 2.',
    'consent.is_off': 'Напоминания и уведомления {{channel}} отключены. Чтобы включить, нажмите 1. Чтобы оставить как есть, нажмите 2.',
    'consent.now_off':
      'Готово: мы больше не будем присылать напоминания и уведомления {{channel}}. Уведомления, которые требует закон, придут по другим каналам или почтой.',
    'consent.now_on': 'Готово: напоминания и уведомления {{channel}} снова включены.',
    'consent.unchanged': 'Ничего не изменено.',
  },
};
