// The reception's texts of a proposal on a bill (instalment plan or deferral), per language.
import { createTranslator, type Catalog } from '../../core/i18n';

export const billingWebCatalog: Catalog = {
  it: {
    'proposal.instalment':
      'Per la fattura {{bill}} possiamo offrirle {{count}} rate mensili: la prima di {{first}} € il {{date}}, interessi {{rate}}% annuo{{basis}}, {{total}} € in tutto.',
    'proposal.instalment_hardship':
      'Per la fattura {{bill}} possiamo chiedere {{count}} rate senza interessi, la prima di {{first}} € il {{date}}, da approvare da un operatore.',
    'proposal.deferral': 'La fattura {{bill}} può scadere il {{date}} invece del {{old}}.',
    'proposal.accept_hint': 'Può accettare la proposta dalla pagina della sua richiesta.',
    refused: 'Per la fattura {{bill}} non possiamo proporre nulla in automatico: {{reason}}. Un operatore risponderà alla sua richiesta.',
    not_your_bill:
      'Non troviamo la fattura {{bill}} con il numero cliente e il contatto indicati. Un operatore risponderà alla sua richiesta.',
    already_accepted: 'Ha già accettato la proposta.',
  },
  en: {
    'proposal.instalment':
      'For bill {{bill}} we can offer {{count}} monthly instalments: the first of €{{first}} on {{date}}, interest {{rate}}% a year{{basis}}, €{{total}} in all.',
    'proposal.instalment_hardship':
      'For bill {{bill}} we can ask for {{count}} instalments without interest, the first of €{{first}} on {{date}}, to be approved by an agent.',
    'proposal.deferral': 'Bill {{bill}} can be due on {{date}} instead of {{old}}.',
    'proposal.accept_hint': 'You can accept the proposal on the page of your request.',
    refused: 'For bill {{bill}} we cannot propose anything automatically: {{reason}}. An agent will answer your request.',
    not_your_bill: 'We found no bill {{bill}} with the account number and contact given. An agent will answer your request.',
    already_accepted: 'You have already accepted the proposal.',
  },
  ru: {
    'proposal.instalment':
      'По счёту {{bill}} возможна рассрочка: {{count}} ежемесячных платежа, первый {{first}} € до {{date}}, {{rate}}% годовых{{basis}}, всего {{total}} €.',
    'proposal.instalment_hardship':
      'По счёту {{bill}} можно запросить {{count}} платежа без процентов, первый {{first}} € до {{date}}, после одобрения оператором.',
    'proposal.deferral': 'Счёт {{bill}} можно оплатить до {{date}} вместо {{old}}.',
    'proposal.accept_hint': 'Принять предложение можно на странице вашего обращения.',
    refused: 'По счёту {{bill}} автоматическое предложение невозможно: {{reason}}. Оператор ответит на ваше обращение.',
    not_your_bill: 'Счёт {{bill}} с указанным номером клиента и контактом не найден. Оператор ответит на ваше обращение.',
    already_accepted: 'Вы уже приняли предложение.',
  },
};

export const tBillingWeb = createTranslator(billingWebCatalog, 'it');
