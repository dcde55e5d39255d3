// IVR prompts of menu 4, the self-service decisions on a bill (channels/voice/ivr/billing.ts).
// Spread into voiceCatalog so `say()` finds them.
import type { Catalog } from '../../core/i18n';

export const billingVoiceCatalog: Catalog = {
  it: {
    'billing.unknown_caller':
      'Non abbiamo riconosciuto il suo numero di telefono, quindi non possiamo decidere sulle sue bollette per telefono. Per parlare con un operatore, premere 1. Per lasciare una richiesta a cui risponderemo per iscritto, premere 2.',
    'billing.no_bills': 'Non risultano bollette da pagare.',
    'billing.bill_item': 'Bolletta {{n}}: {{amount}} euro, in scadenza il {{date}}.',
    'billing.pick':
      'Digiti il numero della bolletta seguito dal tasto cancelletto, oppure il numero stampato sulla bolletta seguito da cancelletto.',
    'billing.not_a_bill': 'Il numero digitato non corrisponde a nessuna delle sue bollette aperte.',
    'billing.proposal.instalment':
      'Per questa bolletta possiamo offrirle {{count}} rate mensili, la prima di {{first}} euro il {{date}}, con interessi del {{rate}} per cento annuo{{basis}}, {{total}} euro in tutto. Per confermare, premere 1. Per tornare al menu, premere 2.',
    'billing.proposal.instalment_hardship':
      'Per questa bolletta possiamo chiedere {{count}} rate senza interessi, la prima di {{first}} euro il {{date}}, da approvare da un operatore. Per chiederle, premere 1. Per tornare al menu, premere 2.',
    'billing.proposal.deferral':
      'La nuova scadenza di questa bolletta sarebbe il {{date}}, invece del {{old}}. Per confermare, premere 1. Per tornare al menu, premere 2.',
    'billing.refused':
      'Non possiamo accogliere la richiesta per questa bolletta: {{reason}}. Per parlare con un operatore, premere 1. Per lasciare una richiesta a cui risponderemo per iscritto, premere 2.',
    'billing.confirmed.instalment': 'Fatto: il piano a rate è attivo, la prima rata scade il {{date}}.',
    'billing.confirmed.instalment_pending': 'Richiesta registrata: un operatore approverà le condizioni agevolate.',
    'billing.confirmed.deferral': 'Fatto: la bolletta ora scade il {{date}}.',
    'billing.confirmation_sent': 'Le abbiamo inviato una conferma scritta.',
  },
  en: {
    'billing.unknown_caller':
      'We could not recognise your phone number, so we cannot decide on your bills by phone. To speak to an agent, press 1. To leave a request we will answer in writing, press 2.',
    'billing.no_bills': 'You have no bills to pay.',
    'billing.bill_item': 'Bill {{n}}: {{amount}} euros, due on {{date}}.',
    'billing.pick': 'Press the number of the bill followed by the hash key, or type the number printed on the bill followed by hash.',
    'billing.not_a_bill': 'The number you typed is not one of your open bills.',
    'billing.proposal.instalment':
      'For this bill we can offer {{count}} monthly instalments, the first of {{first}} euros on {{date}}, with interest of {{rate}} percent a year{{basis}}, {{total}} euros in all. To confirm, press 1. To go back to the menu, press 2.',
    'billing.proposal.instalment_hardship':
      'For this bill we can ask for {{count}} instalments without interest, the first of {{first}} euros on {{date}}, to be approved by an agent. To ask for them, press 1. To go back to the menu, press 2.',
    'billing.proposal.deferral':
      'The new due date of this bill would be {{date}}, instead of {{old}}. To confirm, press 1. To go back to the menu, press 2.',
    'billing.refused':
      'We cannot grant this request for this bill: {{reason}}. To speak to an agent, press 1. To leave a request we will answer in writing, press 2.',
    'billing.confirmed.instalment': 'Done: your instalment plan is active, the first instalment is due on {{date}}.',
    'billing.confirmed.instalment_pending': 'Your request is recorded: an agent will approve the eased terms.',
    'billing.confirmed.deferral': 'Done: the bill is now due on {{date}}.',
    'billing.confirmation_sent': 'We have sent you a written confirmation.',
  },
  ru: {
    'billing.unknown_caller':
      'Мы не узнали ваш номер телефона, поэтому не можем решить вопрос по счетам по телефону. Чтобы связаться с оператором, нажмите 1. Чтобы оставить заявку, нажмите 2.',
    'billing.no_bills': 'У вас нет неоплаченных счетов.',
    'billing.bill_item': 'Счёт {{n}}: {{amount}} евро, срок оплаты {{date}}.',
    'billing.pick': 'Наберите номер счёта в списке и решётку, или номер, напечатанный на счёте, и решётку.',
    'billing.not_a_bill': 'Набранный номер не совпадает ни с одним из ваших открытых счетов.',
    'billing.proposal.instalment':
      'По этому счёту возможна рассрочка: {{count}} ежемесячных платежа, первый {{first}} евро до {{date}}, {{rate}} процента годовых{{basis}}, всего {{total}} евро. Для подтверждения нажмите 1. Чтобы вернуться в меню, нажмите 2.',
    'billing.proposal.instalment_hardship':
      'По этому счёту можно запросить {{count}} платежа без процентов, первый {{first}} евро до {{date}}, после одобрения оператором. Чтобы запросить, нажмите 1. Чтобы вернуться в меню, нажмите 2.',
    'billing.proposal.deferral':
      'Новый срок оплаты этого счёта: {{date}}, вместо {{old}}. Для подтверждения нажмите 1. Чтобы вернуться в меню, нажмите 2.',
    'billing.refused':
      'Мы не можем выполнить запрос по этому счёту: {{reason}}. Чтобы связаться с оператором, нажмите 1. Чтобы оставить заявку, нажмите 2.',
    'billing.confirmed.instalment': 'Готово: рассрочка оформлена, первый платёж до {{date}}.',
    'billing.confirmed.instalment_pending': 'Заявка принята: льготные условия одобрит оператор.',
    'billing.confirmed.deferral': 'Готово: новый срок оплаты счёта {{date}}.',
    'billing.confirmation_sent': 'Мы отправили вам письменное подтверждение.',
  },
};
