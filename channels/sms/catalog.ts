// Every SMS reply, per language. Kept to one segment where it can be: 160 GSM-7 characters
// for Italian and English, 70 UCS-2 characters for Russian (Cyrillic halves the room) —
// test/unit/sms-catalog.test.ts measures each with typical values.
import { createTranslator, type Catalog } from '../../core/i18n';
import { outageSmsCatalog } from '../../core/outages/catalog';

export const smsCatalog: Catalog = {
  it: {
    ...outageSmsCatalog.it,
    'survey.thanks': 'Grazie per il suo giudizio ({{score}}/{{max}}) sulla pratica {{number}}.',
    'survey.range': 'Risponda con un numero da 1 a {{max}}, se vuole seguito da un commento. Es.: 4 tutto bene',
    'reading.accepted': 'Lettura {{values}} del contratto {{contract}} registrata. Grazie!',
    'reading.accepted_next_bill': 'Lettura {{values}} ({{contract}}) registrata fuori periodo: varrà per la prossima bolletta.',
    'reading.held': 'Lettura {{values}} ({{contract}}) ricevuta: la verifichiamo (pratica {{ticket}}).',
    'reading.unknown_contract': 'Contratto {{contract}} non trovato. Controlli il numero in bolletta e riprovi.',
    'reading.wrong_service': 'Il contratto {{contract}} non è di {{service}}. Usi g gas, ee luce, a acqua, t calore.',
    'reading.contract_closed': 'Il contratto {{contract}} è cessato: lettura non registrata.',
    'reading.too_many_digits': 'Lettura non valida: il contatore ha {{digits}} cifre. Riprovi.',
    'reading.register_count_1': 'Il contatore ha un solo registro: invii es. {{example}}',
    'reading.register_count_2': 'Contatore biorario: invii le due letture, es. {{example}}',
    'reading.format':
      'Formato: contratto, servizio, lettura, es. 12345678g4567 (g gas, ee luce, a acqua, t calore). Biorario: 12345678ee 4567 2345',
    'consent.stop': 'Non riceverà più SMS di servizio. Per riattivarli invii START.',
    'consent.start': 'SMS di servizio riattivati. Per disattivarli invii STOP.',
    help: 'Autolettura: 12345678g4567 (g gas, ee luce, a acqua, t calore). STOP per non ricevere SMS, START per riattivarli.',
    empty: 'Il messaggio è arrivato vuoto. Ci scriva la sua richiesta in un SMS, o invii la lettura, es. 12345678g4567.',
  },
  en: {
    ...outageSmsCatalog.en,
    'survey.thanks': 'Thank you for rating case {{number}} {{score}}/{{max}}.',
    'survey.range': 'Please answer with a number from 1 to {{max}}, optionally followed by a comment. E.g.: 4 all good',
    'reading.accepted': 'Reading {{values}} for contract {{contract}} recorded. Thank you!',
    'reading.accepted_next_bill': 'Reading {{values}} ({{contract}}) recorded outside the window: it counts for your next bill.',
    'reading.held': 'Reading {{values}} ({{contract}}) received: we are checking it (case {{ticket}}).',
    'reading.unknown_contract': 'Contract {{contract}} not found. Please check the number on your bill.',
    'reading.wrong_service': 'Contract {{contract}} is not {{service}}. Use g gas, ee electricity, a water, t heating.',
    'reading.contract_closed': 'Contract {{contract}} is closed: reading not recorded.',
    'reading.too_many_digits': 'Invalid reading: the meter has {{digits}} digits. Please try again.',
    'reading.register_count_1': 'Your meter has one register: send e.g. {{example}}',
    'reading.register_count_2': 'Day/night meter: send both readings, e.g. {{example}}',
    'reading.format':
      'Format: contract, service, reading, e.g. 12345678g4567 (g gas, ee electricity, a water, t heating). Day/night: 12345678ee 4567 2345',
    'consent.stop': 'You will no longer receive service texts. Send START to turn them back on.',
    'consent.start': 'Service texts are back on. Send STOP to turn them off.',
    help: 'Meter reading: 12345678g4567 (g gas, ee electricity, a water, t heating). STOP to opt out, START to opt in.',
    empty: 'Your message arrived empty. Please text us your question, or a meter reading, e.g. 12345678g4567.',
  },
  ru: {
    ...outageSmsCatalog.ru,
    'survey.thanks': 'Спасибо за оценку {{score}}/{{max}} (обращение {{number}}).',
    'survey.range': 'Ответьте числом от 1 до {{max}}, можно с комментарием: 4 всё хорошо',
    'reading.accepted': 'Показания {{values}} по договору {{contract}} приняты. Спасибо!',
    'reading.accepted_next_bill': 'Показания {{values}} ({{contract}}) приняты в следующий счёт.',
    'reading.held': 'Показания {{values}} ({{contract}}) на проверке, заявка {{ticket}}.',
    'reading.unknown_contract': 'Договор {{contract}} не найден. Проверьте номер в счёте.',
    'reading.wrong_service': 'Договор {{contract}} не на {{service}}. Коды: g ee a t.',
    'reading.contract_closed': 'Договор {{contract}} закрыт, показания не приняты.',
    'reading.too_many_digits': 'Ошибка: у счётчика {{digits}} цифр. Повторите.',
    'reading.register_count_1': 'Счётчик однотарифный, пример: {{example}}',
    'reading.register_count_2': 'Счётчик Т1/Т2, пример: {{example}}',
    'reading.format': 'Формат: договор, услуга, показания: 12345678g4567 (g газ, ee свет, a вода, t тепло). Т1/Т2: 12345678ee 4567 2345',
    'consent.stop': 'SMS отключены. Чтобы включить, отправьте СТАРТ.',
    'consent.start': 'SMS включены. Чтобы отключить, отправьте СТОП.',
    help: 'Показания: 12345678g4567. СТОП — отключить SMS, СТАРТ — включить.',
    empty: 'Пустое сообщение. Напишите вопрос или показания: 12345678g4567',
  },
};

export const tSms = createTranslator(smsCatalog, 'it');
