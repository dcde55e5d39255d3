// Answers to the vulnerability keywords (channels/sms/protection-keywords.ts), per language.
import { createTranslator, type Catalog } from '../../core/i18n';

export const smsProtectionCatalog: Catalog = {
  it: {
    declared:
      'Grazie. Abbiamo annotato che in casa c’è chi dipende da apparecchiature medicali. Un operatore la contatterà per confermarlo; intanto non avvieremo riduzioni né sospensioni della fornitura.',
    already: 'Grazie, la sua segnalazione è già registrata. Un operatore la contatterà se serve altro.',
    unknown: 'Non troviamo un contratto associato a questo numero. Ci scriva dall’area clienti o ci chiami indicando il numero cliente.',
  },
  ru: {
    declared:
      'Спасибо. Мы отметили, что в доме есть человек, зависящий от медицинского оборудования. Оператор свяжется с вами для подтверждения; до этого мы не будем ограничивать или приостанавливать подачу.',
    already: 'Спасибо, ваше сообщение уже зарегистрировано. Оператор свяжется с вами при необходимости.',
    unknown: 'Мы не нашли договор с этим номером телефона. Напишите нам в интернет-приёмной или позвоните, указав номер лицевого счёта.',
  },
  en: {
    declared:
      'Thank you. We have noted that someone at home depends on medical equipment. An agent will contact you to confirm it; meanwhile we will not start any power reduction or suspension of the supply.',
    already: 'Thank you, your statement is already on file. An agent will contact you if anything else is needed.',
    unknown: 'We found no contract for this phone number. Write to us on our website or call us with your account number.',
  },
};

export const tSmsProtection = createTranslator(smsProtectionCatalog);
