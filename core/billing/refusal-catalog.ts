// Why an instalment plan or a deferral is refused, in a few words per language: the rules'
// codes (./instalment-plan.ts, ./deferral.ts) as the SMS answer and the IVR read them.
import { createTranslator, type Catalog } from '../i18n';

/** Why a plan or deferral is refused, in a few words (the rules' codes, core/billing/). */
export const refusalCatalog: Catalog = {
  it: {
    bill_settled: 'risulta già pagata o annullata',
    bill_disputed: 'è in contestazione, il recupero è sospeso',
    plan_exists: 'ha già un piano a rate',
    not_household: 'rate e rinvii a queste condizioni sono solo per clienti domestici',
    amount_too_low: "l'importo è troppo basso per le rate",
    unknown_service: 'servizio non riconosciuto',
    other_plan_in_arrears: "un'altra fattura a rate ha una rata non pagata",
    irregular_payments: "un'altra fattura è scaduta e non pagata",
    already_deferred: 'è già stata rinviata una volta',
    bill_overdue: 'è già scaduta, il rinvio va chiesto prima della scadenza',
    amount_too_high: "l'importo supera il massimo per un rinvio",
    other_bill_overdue: "un'altra fattura è scaduta e non pagata",
    missed_instalment: 'una rata di un piano non è stata pagata',
  },
  en: {
    bill_settled: 'it is already paid or cancelled',
    bill_disputed: 'it is under dispute, collection is suspended',
    plan_exists: 'it already has an instalment plan',
    not_household: 'these terms are for household customers only',
    amount_too_low: 'the amount is too low for instalments',
    unknown_service: 'the service is not recognised',
    other_plan_in_arrears: 'another instalment plan has an unpaid instalment',
    irregular_payments: 'another bill is overdue and unpaid',
    already_deferred: 'it has already been deferred once',
    bill_overdue: 'it is already overdue; a deferral must be asked before the due date',
    amount_too_high: 'the amount is above the maximum for a deferral',
    other_bill_overdue: 'another bill is overdue and unpaid',
    missed_instalment: 'an instalment of a plan was not paid',
  },
  ru: {
    bill_settled: 'уже оплачен или отменён',
    bill_disputed: 'оспаривается, взыскание приостановлено',
    plan_exists: 'уже в рассрочке',
    not_household: 'только для бытовых клиентов',
    amount_too_low: 'сумма слишком мала для рассрочки',
    unknown_service: 'услуга не определена',
    other_plan_in_arrears: 'по другой рассрочке есть просрочка',
    irregular_payments: 'другой счёт просрочен',
    already_deferred: 'уже был отсрочен',
    bill_overdue: 'уже просрочен, отсрочку просят до срока',
    amount_too_high: 'сумма больше предела для отсрочки',
    other_bill_overdue: 'другой счёт просрочен',
    missed_instalment: 'пропущен платёж по рассрочке',
  },
};

export const tRefusal = createTranslator(refusalCatalog, 'it');
