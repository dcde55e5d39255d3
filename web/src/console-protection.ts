// The vulnerability register on the customer panel: a banner when the customer is flagged
// (an essential supply first: never disconnected), each flag with its review date. The
// server already left out the medical detail for roles without the right to it.
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

/** The panel's protection block, or null when the customer has no flag. */
export function protectionPanel(flags: Array<VulnerabilityView<string>> | undefined): HTMLElement | null {
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
  }
  return box;
}
