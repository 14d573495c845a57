import type { Outcome } from '../../../../shared/model';
import { Icon, type IconName } from '../../components/icons';
import { OUTCOME_TONE, toneClass } from '../../components/tone';

const LOOK: Record<Outcome, { icon: IconName; label: string }> = {
  ok: { icon: 'check', label: 'OK' },
  error: { icon: 'warning', label: 'Error' },
  denied: { icon: 'x', label: 'Denied' },
  cancelled: { icon: 'x', label: 'Cancelled' },
};

/** How a call ended, as icon + word. */
export function OutcomeBadge({ outcome }: { outcome: Outcome }) {
  const { icon, label } = LOOK[outcome];
  return (
    <span className={`outcome outcome-${outcome} ${toneClass(OUTCOME_TONE[outcome])}`}>
      <Icon name={icon} size={12} />
      {label}
    </span>
  );
}
