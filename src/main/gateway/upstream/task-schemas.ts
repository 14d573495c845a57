import { specTypeSchemas } from '@modelcontextprotocol/client';
import type { TaskMethod } from './task-methods.js';
/** The params of TASK_STATUS, as the 2025-11-25 wire schema has them. */
export const taskStatusParams = specTypeSchemas.TaskStatusNotificationParams;

const RESULT_SCHEMAS: Record<TaskMethod, unknown> = {
  'tasks/get': specTypeSchemas.GetTaskResult,
  'tasks/result': specTypeSchemas.GetTaskPayloadResult,
  'tasks/list': specTypeSchemas.ListTasksResult,
  'tasks/cancel': specTypeSchemas.CancelTaskResult,
};

/**
 * The result schema a forwarded request needs when it is a task method or a task-augmented
 * `tools/call`, else undefined. SDK 2.4 has the wire schemas but no task runtime: its
 * `request()` refuses `tasks/*` without a schema, and checks a `tools/call` answer carrying
 * `task` as a tool result (which has no `content`).
 */
export function taskResultSchema(
  method: string,
  params: Record<string, unknown> | undefined,
): unknown {
  if (method === 'tools/call') return params?.task ? specTypeSchemas.CreateTaskResult : undefined;
  return RESULT_SCHEMAS[method as TaskMethod];
}
