import type { ButtonHTMLAttributes } from 'react';
import { Icon, type IconName } from './icons';

/**
 * A button that shows only an icon, so its name is the required `label` (read by screen
 * readers); `danger` tints it for the removing kind. Other button attributes pass through.
 */
export function IconButton({
  icon,
  label,
  size,
  danger = false,
  ...rest
}: {
  icon: IconName;
  label: string;
  /** The icon's size in px (the icon's own default when left out). */
  size?: number;
  danger?: boolean;
} & Omit<
  ButtonHTMLAttributes<HTMLButtonElement>,
  'type' | 'className' | 'aria-label' | 'children'
>) {
  return (
    <button
      type="button"
      className={danger ? 'icon-button danger' : 'icon-button'}
      aria-label={label}
      {...rest}
    >
      <Icon name={icon} size={size} />
    </button>
  );
}
