/**
 * The task method names, apart from their wire schemas (task-schemas.ts): the agent side
 * routes by them on every start, the schemas come with the client SDK.
 */

/** The 2025-11-25 task methods a gateway forwards to a server that declared `tasks`. */
export const TASK_METHODS = ['tasks/get', 'tasks/result', 'tasks/list', 'tasks/cancel'] as const;
export type TaskMethod = (typeof TASK_METHODS)[number];

/** A server's news about one of its tasks. */
export const TASK_STATUS = 'notifications/tasks/status';
