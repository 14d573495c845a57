import type { ReactNode } from 'react';
import type { Action, ServerState } from '../../../shared/model';
import { Icon, type IconName } from './icons';
import './state-pill.css';
import { ACTION_TONE, STATE_TONE, toneClass, type Tone } from './tone';

const STATE_LABEL: Record<ServerState, string> = {
  ready: 'Ready',
  asleep: 'Asleep',
  starting: 'Starting',
  degraded: 'Degraded',
  down: 'Down',
  disabled: 'Disabled',
  'needs-signin': 'Needs sign-in',
};

/** A server's life-cycle state as a coloured pill with a dot and a word. */
export function StatePill({ state }: { state: ServerState }) {
  return (
    <span className={`pill pill-${state} ${toneClass(STATE_TONE[state])}`}>
      <span className="dot" aria-hidden="true" />
      {STATE_LABEL[state]}
    </span>
  );
}

const ACTION_ICON: Record<Action, IconName> = { allow: 'check', ask: 'question', deny: 'x' };
const ACTION_LABEL: Record<Action, string> = { allow: 'Allow', ask: 'Ask', deny: 'Deny' };

/** allow / ask / deny as icon + word + colour, never colour alone. */
export function ActionBadge({ action, muted = false }: { action: Action; muted?: boolean }) {
  return (
    <span
      className={`action action-${action} ${toneClass(ACTION_TONE[action])}${muted ? ' action-default' : ''}`}
    >
      <Icon name={ACTION_ICON[action]} size={12} />
      {ACTION_LABEL[action]}
    </span>
  );
}

/** A tag's tone by what it says: `warn` marks a destructive tool, so it is the danger tone. */
const TAG_TONE: Record<'neutral' | 'warn' | 'info' | 'good', Tone> = {
  neutral: 'neutral',
  warn: 'danger',
  info: 'info',
  good: 'ok',
};

/** A small neutral tag (annotations, transport, roles). */
export function Tag({
  tone = 'neutral',
  children,
  title,
}: {
  tone?: 'neutral' | 'warn' | 'info' | 'good';
  children: ReactNode;
  title?: string;
}) {
  return (
    <span className={`tag tag-${tone} ${toneClass(TAG_TONE[tone])}`} title={title}>
      {children}
    </span>
  );
}

/** Centered message for empty and error states, with an optional action. */
export function EmptyState({
  icon,
  title,
  children,
  tone = 'neutral',
}: {
  icon: IconName;
  title: string;
  children?: ReactNode;
  tone?: 'neutral' | 'error';
}) {
  return (
    <div className={`empty empty-${tone}`} role={tone === 'error' ? 'alert' : 'status'}>
      <span className="empty-icon">
        <Icon name={icon} size={22} />
      </span>
      <h3>{title}</h3>
      {children && <div className="empty-body">{children}</div>}
    </div>
  );
}

/** A load that failed: the error in an alert, and a "Try again" button when given `onRetry`. */
export function LoadError({
  title,
  error,
  onRetry,
}: {
  title: string;
  error?: string;
  onRetry?: () => void;
}) {
  return (
    <EmptyState icon="warning" tone="error" title={title}>
      <p>{error}</p>
      {onRetry && (
        <button type="button" className="button" onClick={onRetry}>
          Try again
        </button>
      )}
    </EmptyState>
  );
}

/** The loading placeholder. */
export function Loading({ what }: { what: string }) {
  return (
    <div className="empty" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      <p className="muted">Loading {what}…</p>
    </div>
  );
}
