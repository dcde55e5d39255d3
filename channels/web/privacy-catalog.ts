// Customer-facing text of the reception's privacy and protection requests: the data-export
// request and its link, the download page's errors, the customer's own vulnerability statement.
import { createTranslator, type Catalog } from '../../core/i18n';

export const privacyCatalog: Catalog = {
  it: {
    not_verified:
      'Non siamo riusciti a confermare la sua identità con i dati indicati. Controlli il numero cliente e il telefono o l’e-mail registrati.',
    'export.subject': 'Richiesta di accesso ai propri dati (GDPR artt. 15 e 20)',
    'export.body':
      'Il cliente chiede l’accesso e la copia dei propri dati personali dall’area clienti. Il link all’esportazione è stato inviato ai recapiti registrati.',
    'export.link':
      'Ecco i dati personali che conserviamo su di lei (richiesta dall’area clienti). Scarichi l’archivio entro {{hours}} ore: {{url}} — link personale, non lo inoltri. Se non ha fatto lei la richiesta, ci contatti.',
    'export.link_redacted': 'Link all’esportazione dei dati inviato al cliente (il link non viene conservato).',
    'export.expired': 'Questo link è scaduto. Può chiedere una nuova esportazione dall’area clienti.',
    'export.invalid':
      'Questo link non è valido. Controlli di averlo copiato per intero, oppure chieda una nuova esportazione dall’area clienti.',
    'export.page_title': 'Esportazione dei dati personali',
    'export.back': 'Torna all’area clienti',
    'declare.unknown_kind': 'Scelga una delle situazioni indicate.',
  },
  ru: {
    not_verified:
      'Не удалось подтвердить вашу личность по указанным данным. Проверьте номер лицевого счёта и телефон или e-mail, указанные в договоре.',
    'export.subject': 'Запрос на доступ к персональным данным (152-ФЗ, ст. 14)',
    'export.body':
      'Клиент запросил в интернет-приёмной сведения о своих персональных данных и их копию. Ссылка на выгрузку отправлена на контакты из договора.',
    'export.link':
      'Ваши персональные данные, которые мы храним (запрос из интернет-приёмной). Скачайте архив в течение {{hours}} ч: {{url}} — личная ссылка, не пересылайте её. Если вы не делали запрос, свяжитесь с нами.',
    'export.link_redacted': 'Клиенту отправлена ссылка на выгрузку данных (сама ссылка не хранится).',
    'export.expired': 'Срок действия ссылки истёк. Новую выгрузку можно запросить в интернет-приёмной.',
    'export.invalid': 'Ссылка недействительна. Проверьте, что она скопирована полностью, или запросите новую выгрузку в интернет-приёмной.',
    'export.page_title': 'Выгрузка персональных данных',
    'export.back': 'Вернуться в интернет-приёмную',
    'declare.unknown_kind': 'Выберите одну из ситуаций.',
  },
  en: {
    not_verified:
      'We could not confirm your identity with the details given. Check the account number and the phone or e-mail we have on file.',
    'export.subject': 'Request for access to personal data (GDPR Art. 15 and 20)',
    'export.body':
      'The customer asked on the web reception for access to and a copy of their personal data. The export link was sent to the contact details on file.',
    'export.link':
      'Here is the personal data we hold about you (requested on our website). Download the archive within {{hours}} hours: {{url}} — a personal link, do not forward it. If you did not ask for this, please contact us.',
    'export.link_redacted': 'Data export link sent to the customer (the link itself is not kept).',
    'export.expired': 'This link has expired. You can ask for a new export on our website.',
    'export.invalid': 'This link is not valid. Check that you copied all of it, or ask for a new export on our website.',
    'export.page_title': 'Your personal data export',
    'export.back': 'Back to the reception',
    'declare.unknown_kind': 'Choose one of the situations listed.',
  },
};

export const tPrivacy = createTranslator(privacyCatalog);
