// The vulnerability register on the customer panel: a banner when the customer is flagged
// (an essential supply first: never disconnected), each flag with its review date. The
// server already left out the medical detail for roles without the right to it. A flag the
// customer stated (reception, SMS) is pending: the agent confirms it with the evidence seen.
import type { VulnerabilityView } from '../../wire';

const LABELS: Record<VulnerabilityView['kind'], string> = {
  essential_supply: 'Essential supply (medical equipment): never disconnect',
  life_support: 'Life-support equipment: never disconnect',
  medical: 'Medical equipment: never disconnect',
  elderly_disabled: 'Elderly or disabled',
  hardship: 'Financial hardship',
  temporary: 'Temporary vulnerability',
};
const ESSENTIAL = new Set(['essential_supply', 'life_support', 'medical']);

export interface ProtectionActions {
  /** POST …/vulnerabilities/:kind/confirm {evidence}; the panel is drawn again after it. */
  confirm(kind: string, evidence: string): Promise<void>;
}

/** A pending flag's confirmation: the evidence seen, then the button. */
function confirmForm(kind: string, actions: ProtectionActions): HTMLFormElement {
  const form = document.createElement('form');
  form.className = 'confirm-flag';
  // Our own message for an empty field, announced; not the browser's tooltip.
  form.noValidate = true;
  const input = document.createElement('input');
  input.type = 'text';
  input.maxLength = 300;
  input.required = true;
  input.placeholder = 'Evidence seen (certificate, letter, call)';
  input.setAttribute('aria-label', 'Evidence seen');
  const button = document.createElement('button');
  button.type = 'submit';
  button.textContent = 'Confirm';
  const error = document.createElement('span');
  error.className = 'error';
  error.setAttribute('role', 'alert');
  form.append(input, button, error);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    if (!input.value.trim()) {
      error.textContent = 'Note the evidence you saw.';
      return;
    }
    button.disabled = true;
    actions.confirm(kind, input.value.trim()).catch((err: unknown) => {
      error.textContent = err instanceof Error ? err.message : 'Not confirmed.';
      button.disabled = false;
    });
  });
  return form;
}

/** The panel's protection block, or null when the customer has no flag. */
export function protectionPanel(flags: Array<VulnerabilityView<string>> | undefined, actions?: ProtectionActions): HTMLElement | null {
  if (!flags?.length) return null;
  const box = document.createElement('div');
  box.className = 'card protection';
  box.setAttribute('role', 'note');
  const title = document.createElement('strong');
  title.textContent = flags.some((f) => ESSENTIAL.has(f.kind)) ? 'Protected customer: essential supply' : 'Protected customer';
  box.append(title);
  for (const f of flags) {
    const line = document.createElement('div');
    line.className = ESSENTIAL.has(f.kind) ? 'stage bad' : 'stage';
    const parts = [LABELS[f.kind] ?? f.kind];
    if (f.status === 'pending') parts.push('stated by the customer, to confirm');
    if (f.reviewAt) parts.push(`review ${new Date(f.reviewAt).toLocaleDateString()}`);
    if (f.reason) parts.push(f.reason);
    line.textContent = parts.join(' · ');
    box.append(line);
    if (f.status === 'pending' && actions) box.append(confirmForm(f.kind, actions));
  }
  return box;
}
