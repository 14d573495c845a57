import type { Action, Outcome, ServerState } from '../../../shared/model';

/**
 * The colour tones every pill, tag and badge draws from. Each one is a `tone-<name>` class in
 * styles.css over the `--tone-<name>` / `--tone-<name>-bg` pair of the current theme, so a
 * badge's own class only sets its shape.
 */
export type Tone = 'ok' | 'info' | 'warn' | 'danger' | 'neutral' | 'calm';

export const toneClass = (tone: Tone): string => `tone-${tone}`;

/** An asleep server is neither trouble nor off: a calm tint, not the disabled grey. */
export const STATE_TONE: Record<ServerState, Tone> = {
  ready: 'ok',
  asleep: 'calm',
  starting: 'info',
  degraded: 'warn',
  down: 'danger',
  disabled: 'neutral',
  'needs-signin': 'warn',
};

export const ACTION_TONE: Record<Action, Tone> = { allow: 'ok', ask: 'warn', deny: 'danger' };

export const OUTCOME_TONE: Record<Outcome, Tone> = {
  ok: 'ok',
  error: 'danger',
  denied: 'danger',
  cancelled: 'neutral',
};
