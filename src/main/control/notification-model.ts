import type { ApprovalView } from '../../shared/model.js';
import { createRedactor, type Redactor } from '../gateway/index.js';
import { routeHash, type ViewRoute } from './tray-model.js';

/**
 * The text of an approval notification. It leaves the app (the OS keeps notifications in its
 * notification center, some sync them), so arguments are masked a second time here, whatever
 * the gateway already did, and cut short: a notification is a prompt, the window has the rest.
 */

/** What desktop/notifications.ts shows for one approval. */
export interface ApprovalNotice {
  title: string;
  body: string;
  /** Button labels, in the order the OS reports their index. */
  actions: readonly ['Approve', 'Deny'];
  /** Where a click on the notification itself leads. */
  route: ViewRoute;
}

/** Longest argument preview in a body; macOS shows about three lines anyway. */
export const MAX_ARGS_CHARS = 160;
const MAX_FIELD_CHARS = 60;

/** Options of `approvalNotice`. */
export interface NoticeOptions {
  /** Masks known secrets too (the gateway's redactor); credential shapes are masked regardless. */
  redactor?: Redactor;
  /** For the "expires in" line; omit it to leave the line out. */
  now?: number;
}

/** The notice for one approval: who wants which tool, a masked and truncated argument preview. */
export function approvalNotice(
  approval: ApprovalView,
  options: NoticeOptions = {},
): ApprovalNotice {
  const redactor = options.redactor ?? createRedactor();
  const who = `${clip(approval.keyName, MAX_FIELD_CHARS)} (${clip(approval.role, MAX_FIELD_CHARS)})`;
  const lines = [`${who} wants to run ${clip(approval.tool, MAX_FIELD_CHARS * 2)}`];
  const preview = argsPreview(approval.arguments, redactor);
  if (preview) lines.push(preview);
  if (options.now !== undefined) lines.push(expiryLine(approval.expiresAt - options.now));
  return {
    title: 'Approval needed',
    body: lines.join('\n'),
    actions: ['Approve', 'Deny'],
    route: { view: 'approvals', id: approval.id },
  };
}

/** `{"path":"/tmp/x"}`, masked, on one line (JSON escapes line breaks), at most MAX_ARGS_CHARS long; '' for no arguments. */
export function argsPreview(
  args: Record<string, unknown>,
  redactor: Redactor = createRedactor(),
): string {
  if (Object.keys(args).length === 0) return '';
  let json: string;
  try {
    json = JSON.stringify(redactor.value(args)) ?? '';
  } catch {
    return '(arguments cannot be shown)';
  }
  // JSON escapes line breaks, so the preview is one line already.
  return clip(json, MAX_ARGS_CHARS);
}

function expiryLine(ms: number): string {
  if (ms <= 0) return 'Expired';
  const seconds = Math.ceil(ms / 1000);
  return seconds < 120
    ? `Denied in ${seconds} s unless approved`
    : `Denied in ${Math.ceil(seconds / 60)} min unless approved`;
}

function clip(text: string, max: number): string {
  const chars = [...text]; // by code point, so an emoji is never cut in half
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

/** The window fragment a notice's click opens. */
export function noticeHash(notice: ApprovalNotice): string {
  return routeHash(notice.route);
}
