// SMS texts of the self-service decisions on bills (RATE / RINVIO / …, SI). A proposal names
// amounts and dates, so it may take two segments (three in Cyrillic); the short answers fit one.
import { createTranslator, type Catalog } from '../../core/i18n';

export const billingSmsCatalog: Catalog = {
  it: {
    'usage.instalment': 'Per le rate invii RATE seguito dal numero della fattura, es. RATE F123456.',
    'usage.deferral': 'Per rinviare la scadenza invii RINVIO seguito dal numero della fattura, es. RINVIO F123456.',
    not_your_bill: 'Non troviamo la fattura {{bill}} per questo numero. Controlli il numero in bolletta.',
    'proposal.instalment':
      'Fattura {{bill}}: {{count}} rate, la prima di {{first}} € il {{date}}, interessi {{rate}}%{{basis}} (totale {{total}} €). Risponda SI entro {{minutes}} minuti per confermare.',
    'proposal.instalment_hardship':
      'Fattura {{bill}}: {{count}} rate senza interessi, la prima di {{first}} € il {{date}}, da approvare da un operatore. Risponda SI entro {{minutes}} minuti per chiederle.',
    'proposal.deferral': 'Fattura {{bill}}: nuova scadenza {{date}} (era {{old}}). Risponda SI entro {{minutes}} minuti per confermare.',
    already_confirmed: 'La richiesta per la fattura {{bill}} è già confermata.',
    expired: 'La proposta per la fattura {{bill}} è scaduta. Invii di nuovo {{word}} {{bill}} per riceverne una nuova.',
    refused: 'Fattura {{bill}}: {{reason}}. Un operatore può aiutarla: risponda con la sua richiesta o chiami il numero verde.',
  },
  en: {
    'usage.instalment': 'For instalments send PLAN followed by the bill number, e.g. PLAN F123456.',
    'usage.deferral': 'To defer a due date send DEFER followed by the bill number, e.g. DEFER F123456.',
    not_your_bill: 'We found no bill {{bill}} for this number. Please check the number on your bill.',
    'proposal.instalment':
      'Bill {{bill}}: {{count}} instalments, the first of €{{first}} on {{date}}, interest {{rate}}%{{basis}} (total €{{total}}). Reply YES within {{minutes}} minutes to confirm.',
    'proposal.instalment_hardship':
      'Bill {{bill}}: {{count}} instalments without interest, the first of €{{first}} on {{date}}, to be approved by an agent. Reply YES within {{minutes}} minutes to ask for it.',
    'proposal.deferral': 'Bill {{bill}}: new due date {{date}} (was {{old}}). Reply YES within {{minutes}} minutes to confirm.',
    already_confirmed: 'Your request for bill {{bill}} is already confirmed.',
    expired: 'The proposal for bill {{bill}} has expired. Send {{word}} {{bill}} again for a new one.',
    refused: 'Bill {{bill}}: {{reason}}. An agent can help: reply with your request or call our free number.',
  },
  ru: {
    'usage.instalment': 'Для рассрочки отправьте РАССРОЧКА и номер счёта: РАССРОЧКА F123456',
    'usage.deferral': 'Для отсрочки отправьте ОТСРОЧКА и номер счёта: ОТСРОЧКА F123456',
    not_your_bill: 'Счёт {{bill}} для этого номера не найден. Проверьте номер счёта.',
    'proposal.instalment':
      'Счёт {{bill}}: {{count}} платежа, первый {{first}} € до {{date}}, {{rate}}% годовых{{basis}} (всего {{total}} €). Ответьте ДА в течение {{minutes}} мин.',
    'proposal.instalment_hardship':
      'Счёт {{bill}}: {{count}} платежа без процентов, первый {{first}} € до {{date}}, после одобрения оператором. Ответьте ДА в течение {{minutes}} мин.',
    'proposal.deferral': 'Счёт {{bill}}: новый срок {{date}} (был {{old}}). Ответьте ДА в течение {{minutes}} мин.',
    already_confirmed: 'Заявка по счёту {{bill}} уже подтверждена.',
    expired: 'Предложение по счёту {{bill}} истекло. Отправьте {{word}} {{bill}} ещё раз.',
    refused: 'Счёт {{bill}}: {{reason}}. Оператор поможет: напишите нам или позвоните.',
  },
};

export const tBillingSms = createTranslator(billingSmsCatalog, 'it');
