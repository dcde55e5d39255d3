// The on-call alert of an emergency, in the deployment's language (the safety instructions for
// the reporter are rule-set values: RuleSet.emergencies.safetyInstructions).
import { createTranslator, type Catalog } from '../i18n';

export const emergencyCatalog: Catalog = {
  it: {
    'oncall.subject': 'EMERGENZA {{ticket}}',
    'oncall.body': 'EMERGENZA {{ticket}} via {{channel}}. Luogo: {{where}}. Richiamare: {{phone}}. Intervento: {{task}}.',
    unknown: 'non noto (chiedere al segnalante)',
  },
  en: {
    'oncall.subject': 'EMERGENCY {{ticket}}',
    'oncall.body': 'EMERGENCY {{ticket}} by {{channel}}. Where: {{where}}. Call back: {{phone}}. Dispatch: {{task}}.',
    unknown: 'unknown (ask the reporter)',
  },
  ru: {
    'oncall.subject': 'АВАРИЯ {{ticket}}',
    'oncall.body': 'АВАРИЯ {{ticket}} ({{channel}}). Адрес: {{where}}. Перезвонить: {{phone}}. Выезд: {{task}}.',
    unknown: 'неизвестен (уточнить у заявителя)',
  },
};

export const tEmergency = createTranslator(emergencyCatalog, 'it');
