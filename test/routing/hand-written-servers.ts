/**
 * The hand-written part of the routing catalog: servers that are not installed here, written
 * from their published tool lists (names, descriptions and parameters as those servers list
 * them, abridged where the real text is very long). `snapshot-catalog.ts` merges these with the
 * snapshotted servers into `catalog.json`, marking each server's `source`.
 *
 * The seven server kinds Switchboard ships for (filesystem, web, PDF, GitHub, database, office,
 * memory) come first; the rest are plausible distractors a user might also run.
 */

/** A tool definition as a server lists it. */
export interface ToolDef {
  name: string;
  description: string;
  inputSchema: { type: 'object'; properties: Record<string, unknown>; required?: string[] };
  annotations?: { readOnlyHint?: boolean; destructiveHint?: boolean; openWorldHint?: boolean };
}

/** One server of the catalog. */
export interface ServerDef {
  id: string;
  kind: string;
  package: string;
  source: 'snapshot' | 'hand-written';
  tools: ToolDef[];
}

type Param = [type: string, description: string, required?: 'required'];
type Hint = 'ro' | 'write' | 'destructive';

const HINTS: Record<Hint, ToolDef['annotations']> = {
  ro: { readOnlyHint: true },
  write: { readOnlyHint: false, destructiveHint: false },
  destructive: { readOnlyHint: false, destructiveHint: true },
};

function schemaOf(type: string, description: string): Record<string, unknown> {
  if (type.endsWith('[]')) {
    return { type: 'array', items: { type: type.slice(0, -2) }, description };
  }
  return { type, description };
}

function tool(
  name: string,
  description: string,
  params: Record<string, Param>,
  hint: Hint,
): ToolDef {
  const properties: Record<string, unknown> = {};
  const required: string[] = [];
  for (const [key, [type, text, req]] of Object.entries(params)) {
    properties[key] = schemaOf(type, text);
    if (req) required.push(key);
  }
  return {
    name,
    description,
    inputSchema: { type: 'object', properties, ...(required.length > 0 && { required }) },
    annotations: HINTS[hint],
  };
}

const R = 'required' as const;
const owner: Param = ['string', 'Repository owner', R];
const repo: Param = ['string', 'Repository name', R];
const page: Param = ['number', 'Page number for pagination (min 1)'];
const perPage: Param = ['number', 'Results per page for pagination (min 1, max 100)'];
const issueNumber: Param = ['number', 'The number of the issue', R];
const pullNumber: Param = ['number', 'Pull request number', R];
const runId: Param = ['number', 'The unique identifier of the workflow run', R];

const github: ToolDef[] = [
  tool(
    'get_me',
    "Get details of the authenticated GitHub user. Use this when a request is about the user's own profile for GitHub.",
    {},
    'ro',
  ),
  tool(
    'get_teams',
    'Get details of the teams the user is a member of.',
    { user: ['string', 'Username to get teams for'] },
    'ro',
  ),
  tool(
    'get_team_members',
    'Get member usernames of a specific team in an organization.',
    { org: ['string', 'Organization login', R], team_slug: ['string', 'Team slug', R] },
    'ro',
  ),
  tool(
    'search_repositories',
    'Find GitHub repositories by name, description, readme, topics, or other metadata. Perfect for discovering projects, finding examples, or locating specific repositories across GitHub.',
    {
      query: ['string', 'Repository search query', R],
      sort: ['string', 'Sort repositories by field: stars, forks, help-wanted-issues, updated'],
      page,
      perPage,
    },
    'ro',
  ),
  tool(
    'get_file_contents',
    'Get the contents of a file or directory from a GitHub repository',
    {
      owner,
      repo,
      path: ['string', 'Path to file/directory (directories must end with a slash)'],
      ref: ['string', 'Accepts optional git refs such as refs/tags/{tag}, refs/heads/{branch}'],
      sha: ['string', 'Accepts optional commit SHA'],
    },
    'ro',
  ),
  tool(
    'list_commits',
    'Get list of commits of a branch in a GitHub repository. Returns at least 30 results per page by default.',
    {
      owner,
      repo,
      sha: ['string', 'Commit SHA, branch or tag name to list commits of'],
      author: ['string', 'Author username or email address to filter commits by'],
      page,
      perPage,
    },
    'ro',
  ),
  tool(
    'search_code',
    "Fast and precise code search across ALL GitHub repositories using GitHub's native search engine. Best for finding exact symbols, functions, classes, or specific code patterns.",
    {
      query: ['string', "Search query using GitHub's powerful code search syntax", R],
      sort: ['string', 'Sort field (indexed only)'],
      order: ['string', 'Sort order for results'],
      page,
      perPage,
    },
    'ro',
  ),
  tool(
    'get_commit',
    'Get details for a commit from a GitHub repository',
    {
      owner,
      repo,
      sha: ['string', 'Commit SHA, branch name, or tag name', R],
      include_diff: ['boolean', 'Whether to include file diffs and stats in the response'],
    },
    'ro',
  ),
  tool(
    'list_branches',
    'List branches in a GitHub repository',
    { owner, repo, page, perPage },
    'ro',
  ),
  tool('list_tags', 'List git tags in a GitHub repository', { owner, repo, page, perPage }, 'ro'),
  tool(
    'get_tag',
    'Get details about a specific git tag in a GitHub repository',
    { owner, repo, tag: ['string', 'Tag name', R] },
    'ro',
  ),
  tool(
    'list_releases',
    'List releases in a GitHub repository',
    { owner, repo, page, perPage },
    'ro',
  ),
  tool(
    'get_latest_release',
    'Get the latest release in a GitHub repository',
    { owner, repo },
    'ro',
  ),
  tool(
    'get_release_by_tag',
    'Get a specific release by its tag name in a GitHub repository',
    { owner, repo, tag: ['string', "Tag name (e.g., 'v1.0.0')", R] },
    'ro',
  ),
  tool(
    'create_or_update_file',
    'Create or update a single file in a GitHub repository. If updating, you must provide the SHA of the file you want to update.',
    {
      owner,
      repo,
      path: ['string', 'Path where to create/update the file', R],
      content: ['string', 'Content of the file', R],
      message: ['string', 'Commit message', R],
      branch: ['string', 'Branch to create/update the file in', R],
      sha: [
        'string',
        'Required if updating an existing file. The blob SHA of the file being replaced.',
      ],
    },
    'write',
  ),
  tool(
    'create_repository',
    'Create a new GitHub repository in your account or specified organization',
    {
      name: ['string', 'Repository name', R],
      description: ['string', 'Repository description'],
      organization: ['string', 'Organization to create the repository in'],
      private: ['boolean', 'Whether repo should be private'],
      autoInit: ['boolean', 'Initialize with README'],
    },
    'write',
  ),
  tool(
    'fork_repository',
    'Fork a GitHub repository to your account or specified organization',
    { owner, repo, organization: ['string', 'Organization to fork to'] },
    'write',
  ),
  tool(
    'create_branch',
    'Create a new branch in a GitHub repository',
    {
      owner,
      repo,
      branch: ['string', 'Name for new branch', R],
      from_branch: ['string', 'Source branch (defaults to repo default)'],
    },
    'write',
  ),
  tool(
    'push_files',
    'Push multiple files to a GitHub repository in a single commit',
    {
      owner,
      repo,
      branch: ['string', 'Branch to push to', R],
      files: [
        'object[]',
        'Array of file objects to push, each object with path (string) and content (string)',
        R,
      ],
      message: ['string', 'Commit message', R],
    },
    'write',
  ),
  tool(
    'delete_file',
    'Delete a file from a GitHub repository',
    {
      owner,
      repo,
      path: ['string', 'Path to the file to delete', R],
      message: ['string', 'Commit message', R],
      branch: ['string', 'Branch to delete the file from', R],
    },
    'destructive',
  ),
  tool('star_repository', 'Star a GitHub repository', { owner, repo }, 'write'),
  tool('unstar_repository', 'Unstar a GitHub repository', { owner, repo }, 'write'),
  tool(
    'list_starred_repositories',
    'List starred repositories',
    {
      username: [
        'string',
        'Username to list starred repositories for. Defaults to the authenticated user.',
      ],
      sort: ['string', 'How to sort the results'],
      page,
      perPage,
    },
    'ro',
  ),
  tool(
    'issue_read',
    'Get information about a specific issue in a GitHub repository: the issue itself, its comments, its sub-issues or its labels, depending on the method.',
    {
      method: ['string', 'get, get_comments, get_sub_issues or get_labels', R],
      owner,
      repo,
      issue_number: issueNumber,
      page,
      perPage,
    },
    'ro',
  ),
  tool(
    'search_issues',
    'Search for issues in GitHub repositories using issues search syntax already scoped to is:issue',
    {
      query: ['string', 'Search query using GitHub issues search syntax', R],
      owner: ['string', 'Optional repository owner'],
      repo: ['string', 'Optional repository name'],
      sort: ['string', 'Sort field by number of matches of categories, defaults to best match'],
      order: ['string', 'Sort order'],
      page,
      perPage,
    },
    'ro',
  ),
  tool(
    'list_issues',
    "List issues in a GitHub repository. For pagination, use the 'endCursor' from the previous response's 'pageInfo' in the 'after' parameter.",
    {
      owner,
      repo,
      state: [
        'string',
        'Filter by state, by default both open and closed issues are returned when not provided',
      ],
      labels: ['string[]', 'Filter by labels'],
      orderBy: ['string', 'Order issues by field'],
      since: ['string', 'Filter by date (ISO 8601 timestamp)'],
      after: ['string', 'Cursor for pagination'],
    },
    'ro',
  ),
  tool(
    'list_issue_types',
    'List supported issue types for repository owner (organization).',
    { owner: ['string', 'The organization owner of the repository', R] },
    'ro',
  ),
  tool(
    'issue_write',
    'Create a new or update an existing issue in a GitHub repository.',
    {
      method: ['string', 'create or update', R],
      owner,
      repo,
      issue_number: ['number', 'Issue number to update'],
      title: ['string', 'Issue title'],
      body: ['string', 'Issue body content'],
      assignees: ['string[]', 'Usernames to assign to this issue'],
      labels: ['string[]', 'Labels to apply to this issue'],
      milestone: ['number', 'Milestone number'],
      state: ['string', 'New state (open or closed)'],
      state_reason: ['string', 'Reason for the state change'],
    },
    'write',
  ),
  tool(
    'add_issue_comment',
    'Add a comment to a specific issue in a GitHub repository. Use this tool to add comments to pull requests as well (in this case pass pull request number as issue_number), but only if user is not asking specifically to add review comments.',
    {
      owner,
      repo,
      issue_number: ['number', 'Issue number to comment on', R],
      body: ['string', 'Comment content', R],
    },
    'write',
  ),
  tool(
    'sub_issue_write',
    'Add a sub-issue to a parent issue, remove one, or change its position among the sub-issues.',
    {
      method: ['string', 'add, remove or reprioritize', R],
      owner,
      repo,
      issue_number: ['number', 'The number of the parent issue', R],
      sub_issue_id: ['number', 'The ID of the sub-issue', R],
      after_id: ['number', 'The ID of the sub-issue to be prioritized after'],
    },
    'write',
  ),
  tool(
    'assign_copilot_to_issue',
    'Assign Copilot to a specific issue in a GitHub repository. This tool can help with the following outcomes: a Pull Request created with source code changes to resolve the issue.',
    { owner, repo, issueNumber: ['number', 'Issue number', R] },
    'write',
  ),
  tool(
    'pull_request_read',
    'Get information on a specific pull request in GitHub repository: its details, diff, status of checks, changed files, review comments or reviews, depending on the method.',
    {
      method: [
        'string',
        'get, get_diff, get_status, get_files, get_review_comments or get_reviews',
        R,
      ],
      owner,
      repo,
      pullNumber,
      page,
      perPage,
    },
    'ro',
  ),
  tool(
    'list_pull_requests',
    'List pull requests in a GitHub repository. If the user specifies an author, then DO NOT use this tool and use the search_pull_requests tool instead.',
    {
      owner,
      repo,
      state: ['string', 'Filter by state'],
      head: ['string', 'Filter by head user/org and branch'],
      base: ['string', 'Filter by base branch'],
      sort: ['string', 'Sort by'],
      direction: ['string', 'Sort direction'],
      page,
      perPage,
    },
    'ro',
  ),
  tool(
    'search_pull_requests',
    'Search for pull requests in GitHub repositories using issues search syntax already scoped to is:pr',
    {
      query: ['string', 'Search query using GitHub pull request search syntax', R],
      owner: ['string', 'Optional repository owner'],
      repo: ['string', 'Optional repository name'],
      sort: ['string', 'Sort field'],
      order: ['string', 'Sort order'],
      page,
      perPage,
    },
    'ro',
  ),
  tool(
    'create_pull_request',
    'Create a new pull request in a GitHub repository.',
    {
      owner,
      repo,
      title: ['string', 'PR title', R],
      body: ['string', 'PR description'],
      head: ['string', 'Branch containing changes', R],
      base: ['string', 'Branch to merge into', R],
      draft: ['boolean', 'Create as draft PR'],
      maintainer_can_modify: ['boolean', 'Allow maintainer edits'],
    },
    'write',
  ),
  tool(
    'update_pull_request',
    'Update an existing pull request in a GitHub repository.',
    {
      owner,
      repo,
      pullNumber: ['number', 'Pull request number to update', R],
      title: ['string', 'New title'],
      body: ['string', 'New description'],
      state: ['string', 'New state'],
      draft: ['boolean', 'Mark pull request as draft (true) or ready for review (false)'],
      base: ['string', 'New base branch name'],
      reviewers: ['string[]', 'GitHub usernames to request reviews from'],
    },
    'write',
  ),
  tool(
    'merge_pull_request',
    'Merge a pull request in a GitHub repository.',
    {
      owner,
      repo,
      pullNumber,
      commit_title: ['string', 'Title for merge commit'],
      commit_message: ['string', 'Extra detail for merge commit'],
      merge_method: ['string', 'Merge method: merge, squash or rebase'],
    },
    'write',
  ),
  tool(
    'update_pull_request_branch',
    'Update the branch of a pull request with the latest changes from the base branch.',
    {
      owner,
      repo,
      pullNumber,
      expectedHeadSha: ['string', "The expected SHA of the pull request's HEAD ref"],
    },
    'write',
  ),
  tool(
    'pull_request_review_write',
    'Create and/or submit, delete review of a pull request. Available methods: create (optionally with an event to submit it at once), submit_pending, delete_pending.',
    {
      method: ['string', 'create, submit_pending or delete_pending', R],
      owner,
      repo,
      pullNumber,
      body: ['string', 'Review comment text'],
      event: ['string', 'Review action to perform: APPROVE, REQUEST_CHANGES or COMMENT'],
      commitID: ['string', 'SHA of commit to review'],
    },
    'write',
  ),
  tool(
    'add_comment_to_pending_review',
    "Add review comment to the requester's latest pending pull request review. A pending review needs to already exist to call this (check with the user if not sure).",
    {
      owner,
      repo,
      pullNumber,
      path: ['string', 'The relative path to the file that necessitates a comment', R],
      body: ['string', 'The text of the review comment', R],
      line: ['number', 'The line of the blob in the pull request diff that the comment applies to'],
      side: ['string', 'The side of the diff to comment on'],
      subjectType: ['string', 'The level at which the comment is targeted: line or file', R],
    },
    'write',
  ),
  tool(
    'request_copilot_review',
    'Request a GitHub Copilot code review for a pull request. Use this for automated feedback on pull requests, usually before requesting a human reviewer.',
    { owner, repo, pullNumber },
    'write',
  ),
  tool('list_workflows', 'List workflows in a repository', { owner, repo, page, perPage }, 'ro'),
  tool(
    'list_workflow_runs',
    'List workflow runs for a specific workflow',
    {
      owner,
      repo,
      workflow_id: ['string', 'The workflow ID or workflow file name', R],
      branch: ['string', 'Returns workflow runs associated with a branch'],
      status: ['string', 'Returns workflow runs with the check run status'],
      event: ['string', 'Returns workflow runs for a specific event type'],
      page,
      perPage,
    },
    'ro',
  ),
  tool(
    'get_workflow_run',
    'Get details of a specific workflow run',
    { owner, repo, run_id: runId },
    'ro',
  ),
  tool(
    'get_workflow_run_logs',
    'Download logs for a specific workflow run (EXPENSIVE: downloads ALL logs as ZIP. Consider using get_job_logs with failed_only=true for debugging failed jobs)',
    { owner, repo, run_id: runId },
    'ro',
  ),
  tool(
    'list_workflow_jobs',
    'List jobs for a specific workflow run',
    {
      owner,
      repo,
      run_id: runId,
      filter: ['string', 'Filters jobs by their completed_at timestamp'],
      page,
      perPage,
    },
    'ro',
  ),
  tool(
    'get_job_logs',
    'Download logs for a specific workflow job or efficiently get all failed job logs for a workflow run',
    {
      owner,
      repo,
      job_id: [
        'number',
        'The unique identifier of the workflow job (required for single job logs)',
      ],
      run_id: ['number', 'Workflow run ID (required when using failed_only)'],
      failed_only: ['boolean', 'When true, gets logs for all failed jobs in run_id'],
      return_content: ['boolean', 'Returns actual log content instead of URLs'],
      tail_lines: ['number', 'Number of lines to return from the end of the log'],
    },
    'ro',
  ),
  tool(
    'list_workflow_run_artifacts',
    'List artifacts for a workflow run',
    { owner, repo, run_id: runId, page, perPage },
    'ro',
  ),
  tool(
    'download_workflow_run_artifact',
    'Get download URL for a workflow run artifact',
    { owner, repo, artifact_id: ['number', 'The unique identifier of the artifact', R] },
    'ro',
  ),
  tool(
    'get_workflow_run_usage',
    'Get usage metrics for a workflow run',
    { owner, repo, run_id: runId },
    'ro',
  ),
  tool(
    'rerun_workflow_run',
    'Re-run an entire workflow run',
    { owner, repo, run_id: runId },
    'write',
  ),
  tool(
    'rerun_failed_jobs',
    'Re-run only the failed jobs in a workflow run',
    { owner, repo, run_id: runId },
    'write',
  ),
  tool('cancel_workflow_run', 'Cancel a workflow run', { owner, repo, run_id: runId }, 'write'),
  tool(
    'run_workflow',
    'Run an Actions workflow by workflow ID or filename',
    {
      owner,
      repo,
      workflow_id: [
        'string',
        'The workflow ID (numeric) or workflow file name (e.g., main.yml, ci.yaml)',
        R,
      ],
      ref: [
        'string',
        'The git reference for the workflow. The reference can be a branch or tag name.',
        R,
      ],
      inputs: ['object', 'Inputs the workflow accepts'],
    },
    'write',
  ),
  tool(
    'delete_workflow_run_logs',
    'Delete logs for a workflow run',
    { owner, repo, run_id: runId },
    'destructive',
  ),
  tool(
    'list_code_scanning_alerts',
    'List code scanning alerts in a GitHub repository.',
    {
      owner: ['string', 'The owner of the repository.', R],
      repo: ['string', 'The name of the repository.', R],
      ref: ['string', 'The Git reference for the results you want to list.'],
      state: ['string', 'Filter code scanning alerts by state. Defaults to open'],
      severity: ['string', 'Filter code scanning alerts by severity'],
      tool_name: ['string', 'The name of the tool used for code scanning.'],
    },
    'ro',
  ),
  tool(
    'get_code_scanning_alert',
    'Get details of a specific code scanning alert in a GitHub repository.',
    { owner, repo, alertNumber: ['number', 'The number of the alert.', R] },
    'ro',
  ),
  tool(
    'list_secret_scanning_alerts',
    'List secret scanning alerts in a GitHub repository.',
    {
      owner,
      repo,
      state: ['string', 'Filter by state'],
      secret_type: ['string', 'A comma-separated list of secret types to return.'],
      resolution: ['string', 'Filter by resolution'],
    },
    'ro',
  ),
  tool(
    'get_secret_scanning_alert',
    'Get details of a specific secret scanning alert in a GitHub repository.',
    { owner, repo, alertNumber: ['number', 'The number of the alert.', R] },
    'ro',
  ),
  tool(
    'list_dependabot_alerts',
    'List dependabot alerts in a GitHub repository.',
    {
      owner,
      repo,
      state: ['string', 'Filter dependabot alerts by state. Defaults to open'],
      severity: ['string', 'Filter dependabot alerts by severity'],
    },
    'ro',
  ),
  tool(
    'get_dependabot_alert',
    'Get details of a specific dependabot alert in a GitHub repository.',
    { owner, repo, alertNumber: ['number', 'The number of the alert.', R] },
    'ro',
  ),
  tool(
    'list_global_security_advisories',
    'List global security advisories from GitHub.',
    {
      ghsaId: ['string', 'Filter by GitHub Security Advisory ID (format: GHSA-xxxx-xxxx-xxxx).'],
      type: ['string', 'Advisory type.'],
      cveId: ['string', 'Filter by CVE ID.'],
      ecosystem: ['string', 'Filter by package ecosystem.'],
      severity: ['string', 'Filter by severity.'],
      affects: ['string', 'Filter advisories by affected package or version'],
    },
    'ro',
  ),
  tool(
    'get_global_security_advisory',
    'Get a global security advisory',
    { ghsaId: ['string', 'GitHub Security Advisory ID (format: GHSA-xxxx-xxxx-xxxx).', R] },
    'ro',
  ),
  tool(
    'list_repository_security_advisories',
    'List repository security advisories for a GitHub repository.',
    {
      owner,
      repo,
      direction: ['string', 'Sort direction.'],
      sort: ['string', 'Sort field.'],
      state: ['string', 'Filter by advisory state.'],
    },
    'ro',
  ),
  tool(
    'list_org_repository_security_advisories',
    'List repository security advisories for a GitHub organization.',
    {
      org: ['string', 'The organization login.', R],
      direction: ['string', 'Sort direction.'],
      sort: ['string', 'Sort field.'],
      state: ['string', 'Filter by advisory state.'],
    },
    'ro',
  ),
  tool(
    'list_notifications',
    'Lists all GitHub notifications for the authenticated user, including unread notifications, mentions, review requests, assignments, and updates on issues or pull requests.',
    {
      filter: [
        'string',
        'Filter notifications to, use default unless specified. Read notifications are ones that have already been acknowledged by the user.',
      ],
      since: ['string', 'Only show notifications updated after the given time (ISO 8601 format)'],
      owner: ['string', 'Optional repository owner.'],
      repo: ['string', 'Optional repository name.'],
      page,
      perPage,
    },
    'ro',
  ),
  tool(
    'get_notification_details',
    "Get detailed information for a specific GitHub notification, always call this tool when the user asks for details about a specific notification, if you don't know the ID list notifications first.",
    { notificationID: ['string', 'The ID of the notification', R] },
    'ro',
  ),
  tool(
    'dismiss_notification',
    'Dismiss a notification by marking it as read or done',
    {
      threadID: ['string', 'The ID of the notification thread', R],
      state: ['string', 'The new state of the notification (read/done)'],
    },
    'write',
  ),
  tool(
    'mark_all_notifications_read',
    'Mark all notifications as read',
    {
      lastReadAt: [
        'string',
        'Describes the last point that notifications were checked (optional). Default: Now',
      ],
      owner: ['string', 'Optional repository owner.'],
      repo: ['string', 'Optional repository name.'],
    },
    'write',
  ),
  tool(
    'manage_notification_subscription',
    'Manage a notification subscription: ignore, watch, or delete a notification thread subscription.',
    {
      notificationID: ['string', 'The ID of the notification thread.', R],
      action: [
        'string',
        'Action to perform: ignore, watch, or delete the notification subscription.',
        R,
      ],
    },
    'write',
  ),
  tool(
    'manage_repository_notification_subscription',
    'Manage a repository notification subscription: ignore, watch, or delete repository notifications subscription for the provided repository.',
    {
      owner: ['string', 'The account owner of the repository.', R],
      repo: ['string', 'The name of the repository.', R],
      action: [
        'string',
        'Action to perform: ignore, watch, or delete the repository notification subscription.',
        R,
      ],
    },
    'write',
  ),
  tool(
    'list_discussions',
    'List discussions for a repository or organisation.',
    {
      owner,
      repo: [
        'string',
        'Repository name. If not provided, discussions will be queried at the organisation level.',
      ],
      category: ['string', 'Optional filter by discussion category ID.'],
      orderBy: ['string', 'Order discussions by field.'],
      direction: ['string', 'Order direction.'],
    },
    'ro',
  ),
  tool(
    'get_discussion',
    'Get a specific discussion by ID',
    { owner, repo, discussionNumber: ['number', 'Discussion Number', R] },
    'ro',
  ),
  tool(
    'get_discussion_comments',
    'Get comments from a discussion',
    { owner, repo, discussionNumber: ['number', 'Discussion Number', R] },
    'ro',
  ),
  tool(
    'list_discussion_categories',
    'List discussion categories with their id and name, for a repository or organisation.',
    {
      owner,
      repo: [
        'string',
        'Repository name. If not provided, discussion categories will be queried at the organisation level.',
      ],
    },
    'ro',
  ),
  tool(
    'list_gists',
    'List gists for a user',
    {
      username: ['string', "GitHub username (omit for authenticated user's gists)"],
      since: ['string', 'Only gists updated after this time (ISO 8601 timestamp)'],
      page,
      perPage,
    },
    'ro',
  ),
  tool(
    'get_gist',
    'Get gist content of a particular gist, by gist ID',
    { gist_id: ['string', 'The ID of the gist', R] },
    'ro',
  ),
  tool(
    'create_gist',
    'Create a new gist',
    {
      description: ['string', 'Description of the gist'],
      filename: ['string', 'Filename for simple single-file gist creation', R],
      content: ['string', 'Content for simple single-file gist creation', R],
      public: ['boolean', 'Whether the gist is public'],
    },
    'write',
  ),
  tool(
    'update_gist',
    'Update an existing gist',
    {
      gist_id: ['string', 'ID of the gist to update', R],
      description: ['string', 'Updated description of the gist'],
      filename: ['string', 'Filename to update or create', R],
      content: ['string', 'Content for the file', R],
    },
    'write',
  ),
  tool(
    'search_users',
    'Find GitHub users by username, real name, or other profile information. Useful for locating developers, contributors, or team members.',
    {
      query: [
        'string',
        "User search query. Examples: 'john smith', 'location:seattle', 'followers:>100'. Search is automatically scoped to type:user.",
        R,
      ],
      sort: [
        'string',
        'Sort users by number of followers or repositories, or when the person joined GitHub.',
      ],
      order: ['string', 'Sort order'],
      page,
      perPage,
    },
    'ro',
  ),
  tool(
    'search_orgs',
    'Find GitHub organizations by name, location, or other organization metadata. Ideal for discovering companies, open source foundations, or teams.',
    {
      query: [
        'string',
        "Organization search query. Examples: 'microsoft', 'location:california', 'created:>=2025-01-01'. Search is automatically scoped to type:org.",
        R,
      ],
      sort: ['string', 'Sort field by category'],
      order: ['string', 'Sort order'],
      page,
      perPage,
    },
    'ro',
  ),
  tool(
    'list_projects',
    'List Projects for a user or organization',
    {
      owner_type: ['string', 'Owner type: user or org', R],
      owner: [
        'string',
        'If owner_type == user it is the handle for the GitHub user account. If owner_type == org it is the name of the organization.',
        R,
      ],
      query: ['string', 'Filter projects by a search query (matches title and description)'],
      per_page: ['number', 'Number of results per page (max 100, default: 30)'],
    },
    'ro',
  ),
  tool(
    'get_project',
    'Get Project for a user or org',
    {
      project_number: ['number', "The project's number", R],
      owner_type: ['string', 'Owner type', R],
      owner: ['string', 'The owner (user or organization login).', R],
    },
    'ro',
  ),
  tool(
    'list_project_fields',
    'List Project fields for a user or org',
    {
      owner_type: ['string', 'Owner type', R],
      owner: ['string', 'The owner login', R],
      project_number: ['number', "The project's number.", R],
    },
    'ro',
  ),
  tool(
    'list_project_items',
    'List Project items for a user or org',
    {
      owner_type: ['string', 'Owner type', R],
      owner: ['string', 'The owner login', R],
      project_number: ['number', "The project's number.", R],
      query: ['string', 'Search query to filter items'],
    },
    'ro',
  ),
  tool(
    'add_project_item',
    'Add a specific Project item for a user or org',
    {
      owner_type: ['string', 'Owner type', R],
      owner: ['string', 'The owner login', R],
      project_number: ['number', "The project's number.", R],
      item_type: ['string', "The item's type, either issue or pull_request.", R],
      item_id: ['number', 'The numeric ID of the issue or pull request to add to the project.', R],
    },
    'write',
  ),
  tool(
    'update_project_item',
    'Update a specific Project item for a user or org',
    {
      owner_type: ['string', 'Owner type', R],
      owner: ['string', 'The owner login', R],
      project_number: ['number', "The project's number.", R],
      item_id: ['number', 'The unique identifier of the project item.', R],
      updated_field: [
        'object',
        'Object consisting of the ID of the project field to update and the new value for the field.',
        R,
      ],
    },
    'write',
  ),
  tool(
    'delete_project_item',
    'Delete a specific Project item for a user or org',
    {
      owner_type: ['string', 'Owner type', R],
      owner: ['string', 'The owner login', R],
      project_number: ['number', "The project's number.", R],
      item_id: ['number', 'The internal project item ID to delete from the project.', R],
    },
    'destructive',
  ),
  tool(
    'get_label',
    'Get a specific label from a repository.',
    { owner, repo, name: ['string', 'Label name.', R] },
    'ro',
  ),
  tool(
    'list_label',
    'List labels from a repository or an issue',
    {
      owner,
      repo,
      issue_number: ['number', 'Issue number - if provided, lists labels on the specific issue'],
    },
    'ro',
  ),
  tool(
    'label_write',
    'Perform write operations on repository labels. To set labels on issues, use the issue_write tool instead.',
    {
      method: ['string', 'create, update or delete', R],
      owner,
      repo,
      name: ['string', 'Label name', R],
      new_name: ['string', 'New name for the label'],
      color: ['string', "Label color as 6-character hex code without '#' prefix"],
      description: ['string', 'Label description text'],
    },
    'write',
  ),
];

const pdf: ToolDef[] = [
  tool(
    'read_pdf',
    'Reads content, metadata, images, or page count from one or more PDF files (local paths or URLs). Supports specific pages, page ranges and batch processing of several sources at once.',
    {
      sources: [
        'object[]',
        'An array of PDF sources to process, each with a path or url and optional pages (e.g. "1-5,10")',
        R,
      ],
      include_full_text: [
        'boolean',
        'Include the full text content of each PDF (only if pages is not specified for that source).',
      ],
      include_metadata: [
        'boolean',
        'Include metadata and info objects for each PDF (author, title, creation date).',
      ],
      include_page_count: ['boolean', 'Include the total number of pages for each PDF.'],
      include_images: [
        'boolean',
        'Extract and include embedded images from the PDF pages as base64-encoded data.',
      ],
    },
    'ro',
  ),
];

const fetchServer: ToolDef[] = [
  tool(
    'fetch_html',
    'Fetch a website and return the content as HTML',
    {
      url: ['string', 'URL of the website to fetch', R],
      headers: ['object', 'Optional headers to include in the request'],
      max_length: ['number', 'Maximum number of characters to return'],
      start_index: ['number', 'Start content from this character index'],
    },
    'ro',
  ),
  tool(
    'fetch_markdown',
    'Fetch a website and return the content as Markdown',
    {
      url: ['string', 'URL of the website to fetch', R],
      headers: ['object', 'Optional headers to include in the request'],
      max_length: ['number', 'Maximum number of characters to return'],
      start_index: ['number', 'Start content from this character index'],
    },
    'ro',
  ),
  tool(
    'fetch_txt',
    'Fetch a website, return the content as plain text (no HTML)',
    {
      url: ['string', 'URL of the website to fetch', R],
      headers: ['object', 'Optional headers to include in the request'],
      max_length: ['number', 'Maximum number of characters to return'],
      start_index: ['number', 'Start content from this character index'],
    },
    'ro',
  ),
  tool(
    'fetch_json',
    'Fetch a JSON file from a URL',
    {
      url: ['string', 'URL of the JSON to fetch', R],
      headers: ['object', 'Optional headers to include in the request'],
      max_length: ['number', 'Maximum number of characters to return'],
      start_index: ['number', 'Start content from this character index'],
    },
    'ro',
  ),
  tool(
    'fetch_readable',
    'Fetch a website and return the main article content as Markdown, stripping navigation, ads and boilerplate (Mozilla Readability)',
    {
      url: ['string', 'URL of the website to fetch', R],
      headers: ['object', 'Optional headers to include in the request'],
      max_length: ['number', 'Maximum number of characters to return'],
      start_index: ['number', 'Start content from this character index'],
    },
    'ro',
  ),
  tool(
    'fetch_youtube_transcript',
    'Fetch the transcript (captions) of a YouTube video',
    {
      url: ['string', 'URL of the YouTube video', R],
      lang: ['string', 'Language code of the transcript, e.g. en'],
    },
    'ro',
  ),
];

const sqlite: ToolDef[] = [
  tool(
    'read_query',
    'Execute a SELECT query on the SQLite database',
    { query: ['string', 'SELECT SQL query to execute', R] },
    'ro',
  ),
  tool(
    'write_query',
    'Execute an INSERT, UPDATE, or DELETE query on the SQLite database',
    { query: ['string', 'SQL query to execute', R] },
    'destructive',
  ),
  tool(
    'create_table',
    'Create a new table in the SQLite database',
    { query: ['string', 'CREATE TABLE SQL statement', R] },
    'write',
  ),
  tool('list_tables', 'List all tables in the SQLite database', {}, 'ro'),
  tool(
    'describe_table',
    'Get the schema information for a specific table',
    { table_name: ['string', 'Name of the table to describe', R] },
    'ro',
  ),
  tool(
    'append_insight',
    'Add a business insight to the memo',
    { insight: ['string', 'Business insight discovered from data analysis', R] },
    'write',
  ),
];

const postgres: ToolDef[] = [
  tool('list_schemas', 'List all schemas in the PostgreSQL database', {}, 'ro'),
  tool(
    'list_objects',
    'List objects in a schema: tables, views, sequences or extensions',
    {
      schema_name: ['string', 'Schema name', R],
      object_type: ['string', 'Object type: table, view, sequence or extension'],
    },
    'ro',
  ),
  tool(
    'get_object_details',
    'Show detailed information about a database object: columns, constraints and indexes of a table',
    {
      schema_name: ['string', 'Schema name', R],
      object_name: ['string', 'Object name', R],
      object_type: ['string', 'Object type'],
    },
    'ro',
  ),
  tool(
    'execute_sql',
    'Execute any SQL query against the PostgreSQL database',
    { sql: ['string', 'SQL to run', R] },
    'destructive',
  ),
  tool(
    'query',
    'Run a read-only SQL query on PostgreSQL',
    { sql: ['string', 'The SQL query to run (read-only transaction)', R] },
    'ro',
  ),
  tool(
    'explain_query',
    'Explains the execution plan for a SQL query, showing how the database will execute it and provide detailed cost estimates.',
    {
      sql: ['string', 'SQL query to explain', R],
      analyze: ['boolean', 'When True, actually runs the query to show real execution statistics'],
      hypothetical_indexes: ['object[]', 'A list of hypothetical indexes to simulate'],
    },
    'ro',
  ),
  tool(
    'analyze_workload_indexes',
    'Analyze frequently executed queries in the database and recommend optimal indexes',
    {
      max_index_size_mb: ['number', 'Max index size in MB'],
      method: ['string', 'Method to use for analysis'],
    },
    'ro',
  ),
  tool(
    'analyze_db_health',
    'Analyzes database health. Here are the available health checks: index - checks for invalid, duplicate, and bloated indexes; connection - checks the number of connection and their utilization; vacuum - checks vacuum health for transaction id wraparound; sequence - checks sequences at risk of exceeding their maximum value; replication - checks replication health; buffer - checks for buffer cache hit rates for indexes and tables; constraint - checks for invalid constraints.',
    {
      health_type: [
        'string',
        'Optional. Valid values are: all, buffer, connection, constraint, index, replication, sequence, vacuum.',
      ],
    },
    'ro',
  ),
  tool(
    'get_top_queries',
    'Reports the slowest or most resource-intensive queries using data from the pg_stat_statements extension.',
    {
      sort_by: ['string', 'Ranking criteria: total_time, mean_time or resources'],
      limit: ['number', 'Number of queries to return'],
    },
    'ro',
  ),
];

const word: ToolDef[] = [
  tool(
    'create_document',
    'Create a new Word document (.docx) with optional metadata',
    {
      filename: ['string', 'Name of the document to create', R],
      title: ['string', 'Optional title'],
      author: ['string', 'Optional author'],
    },
    'write',
  ),
  tool(
    'get_document_text',
    'Extract all text from a Word document',
    { filename: ['string', 'Path to the Word document', R] },
    'ro',
  ),
  tool(
    'get_document_info',
    'Get information about a Word document: title, author, word count, paragraph and table counts',
    { filename: ['string', 'Path to the Word document', R] },
    'ro',
  ),
  tool(
    'get_document_outline',
    'Get the structure of a Word document: headings, paragraphs and tables',
    { filename: ['string', 'Path to the Word document', R] },
    'ro',
  ),
  tool(
    'list_available_documents',
    'List all .docx files in the specified directory',
    { directory: ['string', 'Directory to search for Word documents'] },
    'ro',
  ),
  tool(
    'add_heading',
    'Add a heading to a Word document',
    {
      filename: ['string', 'Path to the Word document', R],
      text: ['string', 'Heading text', R],
      level: ['number', 'Heading level (1-9)'],
    },
    'write',
  ),
  tool(
    'add_paragraph',
    'Add a paragraph to a Word document',
    {
      filename: ['string', 'Path to the Word document', R],
      text: ['string', 'Paragraph text', R],
      style: ['string', 'Optional paragraph style name'],
    },
    'write',
  ),
  tool(
    'add_table',
    'Add a table to a Word document',
    {
      filename: ['string', 'Path to the Word document', R],
      rows: ['number', 'Number of rows', R],
      cols: ['number', 'Number of columns', R],
      data: ['string[]', 'Optional 2D array of data to fill the table'],
    },
    'write',
  ),
  tool(
    'add_picture',
    'Add an image to a Word document',
    {
      filename: ['string', 'Path to the Word document', R],
      image_path: ['string', 'Path to the image file', R],
      width: ['number', 'Optional width in inches (proportional scaling)'],
    },
    'write',
  ),
  tool(
    'add_page_break',
    'Add a page break to the document',
    { filename: ['string', 'Path to the Word document', R] },
    'write',
  ),
  tool(
    'search_and_replace',
    'Search for text and replace all occurrences in a Word document',
    {
      filename: ['string', 'Path to the Word document', R],
      find_text: ['string', 'Text to search for', R],
      replace_text: ['string', 'Text to replace with', R],
    },
    'write',
  ),
  tool(
    'format_text',
    'Format a specific range of text within a paragraph: bold, italic, underline, color, font',
    {
      filename: ['string', 'Path to the Word document', R],
      paragraph_index: ['number', 'Index of the paragraph (0-based)', R],
      start_pos: ['number', 'Start position within the paragraph text', R],
      end_pos: ['number', 'End position within the paragraph text', R],
      bold: ['boolean', 'Set text bold'],
      italic: ['boolean', 'Set text italic'],
      color: ['string', 'Text color (e.g. red, FF0000)'],
    },
    'write',
  ),
  tool(
    'delete_paragraph',
    'Delete a paragraph from a document',
    {
      filename: ['string', 'Path to the Word document', R],
      paragraph_index: ['number', 'Index of the paragraph to delete (0-based)', R],
    },
    'destructive',
  ),
  tool(
    'add_footnote_to_document',
    'Add a footnote to a specific paragraph in a Word document',
    {
      filename: ['string', 'Path to the Word document', R],
      paragraph_index: ['number', 'Index of the paragraph', R],
      footnote_text: ['string', 'Text content of the footnote', R],
    },
    'write',
  ),
  tool(
    'copy_document',
    'Create a copy of a Word document',
    {
      source_filename: ['string', 'Path to the source document', R],
      destination_filename: ['string', 'Optional path for the copy'],
    },
    'write',
  ),
  tool(
    'convert_to_pdf',
    'Convert a Word document to PDF format',
    {
      filename: ['string', 'Path to the Word document', R],
      output_filename: ['string', 'Optional path for the output PDF'],
    },
    'write',
  ),
];

const sheet: Param = ['string', 'Sheet name in the Excel file', R];
const excelFile: Param = ['string', 'Absolute path to the Excel file', R];
const excel: ToolDef[] = [
  tool(
    'excel_describe_sheets',
    'List all sheet information of specified Excel file',
    { fileAbsolutePath: excelFile },
    'ro',
  ),
  tool(
    'excel_read_sheet',
    'Read values from Excel sheet with pagination.',
    {
      fileAbsolutePath: excelFile,
      sheetName: sheet,
      range: [
        'string',
        'Range of cells to read in the Excel sheet (e.g., "A1:C10"). [default: first paging range]',
      ],
      showFormula: ['boolean', 'Show formula instead of value'],
      showStyle: ['boolean', 'Show style information for cells'],
    },
    'ro',
  ),
  tool(
    'excel_screen_capture',
    '[Windows only] Take a screenshot of the Excel sheet with pagination.',
    {
      fileAbsolutePath: excelFile,
      sheetName: sheet,
      range: ['string', 'Range of cells in the Excel sheet (e.g., "A1:C10")'],
    },
    'ro',
  ),
  tool(
    'excel_write_to_sheet',
    'Write values to the Excel sheet',
    {
      fileAbsolutePath: excelFile,
      sheetName: sheet,
      newSheet: ['boolean', 'Create a new sheet if true, otherwise write to the existing sheet', R],
      range: ['string', 'Range of cells in the Excel sheet (e.g., "A1:C10")', R],
      values: [
        'string[]',
        'Values to write to the Excel sheet. If the value is a formula, it should start with "="',
        R,
      ],
    },
    'write',
  ),
  tool(
    'excel_create_table',
    'Create a table in the Excel sheet',
    {
      fileAbsolutePath: excelFile,
      sheetName: sheet,
      range: ['string', 'Range to be a table (e.g., "A1:C10")'],
      tableName: ['string', 'Table name to be created', R],
    },
    'write',
  ),
  tool(
    'excel_copy_sheet',
    'Copy existing sheet to a new sheet',
    {
      fileAbsolutePath: excelFile,
      srcSheetName: ['string', 'Source sheet name in the Excel file', R],
      dstSheetName: ['string', 'Sheet name to be copied', R],
    },
    'write',
  ),
  tool(
    'excel_format_range',
    'Format cells in the Excel sheet with style information',
    {
      fileAbsolutePath: excelFile,
      sheetName: sheet,
      range: ['string', 'Range of cells in the Excel sheet (e.g., "A1:C3")', R],
      styles: [
        'object[]',
        '2D array of style objects for each cell: border, font (bold, italic, color, size), fill, numFmt, decimalPlaces',
        R,
      ],
    },
    'write',
  ),
];

const channel: Param = ['string', 'The ID of the channel', R];
const slack: ToolDef[] = [
  tool(
    'slack_list_channels',
    'List public or pre-defined channels in the workspace with pagination',
    {
      limit: ['number', 'Maximum number of channels to return (default 100, max 200)'],
      cursor: ['string', 'Pagination cursor for next page of results'],
    },
    'ro',
  ),
  tool(
    'slack_post_message',
    'Post a new message to a Slack channel',
    { channel_id: channel, text: ['string', 'The message text to post', R] },
    'write',
  ),
  tool(
    'slack_reply_to_thread',
    'Reply to a specific message thread in Slack',
    {
      channel_id: channel,
      thread_ts: ['string', 'The timestamp of the parent message', R],
      text: ['string', 'The reply text', R],
    },
    'write',
  ),
  tool(
    'slack_add_reaction',
    'Add a reaction emoji to a message',
    {
      channel_id: channel,
      timestamp: ['string', 'The timestamp of the message to react to', R],
      reaction: ['string', 'The name of the emoji reaction (without ::)', R],
    },
    'write',
  ),
  tool(
    'slack_get_channel_history',
    'Get recent messages from a channel',
    { channel_id: channel, limit: ['number', 'Number of messages to retrieve (default 10)'] },
    'ro',
  ),
  tool(
    'slack_get_thread_replies',
    'Get all replies in a message thread',
    { channel_id: channel, thread_ts: ['string', 'The timestamp of the parent message', R] },
    'ro',
  ),
  tool(
    'slack_get_users',
    'Get a list of all users in the workspace with their basic profile information',
    {
      cursor: ['string', 'Pagination cursor for next page of results'],
      limit: ['number', 'Maximum number of users to return'],
    },
    'ro',
  ),
  tool(
    'slack_get_user_profile',
    'Get detailed profile information for a specific user',
    { user_id: ['string', 'The ID of the user', R] },
    'ro',
  ),
];

const jiraKey: Param = ['string', "Jira issue key (e.g., 'PROJ-123')", R];
const atlassian: ToolDef[] = [
  tool(
    'jira_get_issue',
    'Get details of a specific Jira issue including its Epic links and relationship information',
    {
      issue_key: jiraKey,
      fields: ['string', 'Comma-separated list of fields to return'],
      expand: ['string', 'Fields to expand, e.g. renderedFields, transitions, changelog'],
    },
    'ro',
  ),
  tool(
    'jira_search',
    'Search Jira issues using JQL (Jira Query Language)',
    {
      jql: ['string', 'JQL query string', R],
      fields: ['string', 'Comma-separated fields to return'],
      limit: ['number', 'Maximum number of results (1-50)'],
    },
    'ro',
  ),
  tool(
    'jira_get_project_issues',
    'Get all issues for a specific Jira project',
    {
      project_key: ['string', 'The project key', R],
      limit: ['number', 'Maximum number of results'],
    },
    'ro',
  ),
  tool(
    'jira_get_all_projects',
    'Get all Jira projects accessible to the current user',
    { include_archived: ['boolean', 'Whether to include archived projects'] },
    'ro',
  ),
  tool(
    'jira_create_issue',
    'Create a new Jira issue with optional Epic link or parent for subtasks',
    {
      project_key: ['string', 'The JIRA project key', R],
      summary: ['string', 'Summary/title of the issue', R],
      issue_type: ['string', 'Issue type (e.g. Task, Bug, Story, Epic, Subtask)', R],
      assignee: ['string', 'Assignee account ID, name or email'],
      description: ['string', 'Issue description'],
    },
    'write',
  ),
  tool(
    'jira_update_issue',
    'Update an existing Jira issue including changing status, adding Epic links, updating fields',
    { issue_key: jiraKey, fields: ['object', 'A dictionary of fields to update', R] },
    'write',
  ),
  tool('jira_delete_issue', 'Delete an existing Jira issue', { issue_key: jiraKey }, 'destructive'),
  tool(
    'jira_add_comment',
    'Add a comment to a Jira issue',
    { issue_key: jiraKey, comment: ['string', 'Comment text in Markdown format', R] },
    'write',
  ),
  tool(
    'jira_get_transitions',
    'Get available status transitions for a Jira issue',
    { issue_key: jiraKey },
    'ro',
  ),
  tool(
    'jira_transition_issue',
    'Transition a Jira issue to a new status',
    {
      issue_key: jiraKey,
      transition_id: ['string', 'ID of the transition to perform', R],
      comment: ['string', 'Comment to add during the transition'],
    },
    'write',
  ),
  tool(
    'jira_add_worklog',
    'Add a worklog entry to a Jira issue',
    {
      issue_key: jiraKey,
      time_spent: ['string', 'Time spent in Jira format, e.g. 1h 30m', R],
      comment: ['string', 'Optional comment'],
    },
    'write',
  ),
  tool(
    'jira_get_sprints_from_board',
    'Get Jira sprints from a board by state',
    {
      board_id: ['string', 'The id of the board', R],
      state: ['string', 'Sprint state (active, future, closed)'],
    },
    'ro',
  ),
  tool(
    'confluence_search',
    'Search Confluence content using simple terms or CQL',
    {
      query: ['string', 'Search query - can be either a simple text or a CQL query string', R],
      limit: ['number', 'Maximum number of results (1-50)'],
    },
    'ro',
  ),
  tool(
    'confluence_get_page',
    'Get content of a specific Confluence page by ID, or by title and space key',
    {
      page_id: ['string', 'Confluence page ID'],
      title: ['string', 'The exact title of the page'],
      space_key: ['string', 'The key of the Confluence space'],
    },
    'ro',
  ),
  tool(
    'confluence_create_page',
    'Create a new Confluence page',
    {
      space_key: ['string', 'The key of the space to create the page in', R],
      title: ['string', 'The title of the page', R],
      content: ['string', 'The content of the page in Markdown format', R],
      parent_id: ['string', 'Optional parent page ID'],
    },
    'write',
  ),
  tool(
    'confluence_update_page',
    'Update an existing Confluence page',
    {
      page_id: ['string', 'The ID of the page to update', R],
      title: ['string', 'The new title of the page', R],
      content: ['string', 'The new content of the page in Markdown format', R],
    },
    'write',
  ),
  tool(
    'confluence_get_comments',
    'Get comments for a specific Confluence page',
    { page_id: ['string', 'Confluence page ID', R] },
    'ro',
  ),
];

const calendarId: Param = ['string', "ID of the calendar (use 'primary' for the main calendar)", R];
const calendar: ToolDef[] = [
  tool('list-calendars', 'List all available calendars', {}, 'ro'),
  tool(
    'list-events',
    'List events from one or more calendars.',
    {
      calendarId,
      timeMin: ['string', 'Start time boundary (ISO 8601)'],
      timeMax: ['string', 'End time boundary (ISO 8601)'],
    },
    'ro',
  ),
  tool(
    'search-events',
    'Search for events in a calendar by text query.',
    {
      calendarId,
      query: [
        'string',
        'Free text search query (searches summary, description, location, attendees)',
        R,
      ],
      timeMin: ['string', 'Start time boundary'],
      timeMax: ['string', 'End time boundary'],
    },
    'ro',
  ),
  tool(
    'create-event',
    'Create a new calendar event (meeting, appointment) with attendees and reminders.',
    {
      calendarId,
      summary: ['string', 'Title of the event', R],
      description: ['string', 'Description/notes for the event'],
      start: ['string', 'Event start time', R],
      end: ['string', 'Event end time', R],
      location: ['string', 'Location of the event'],
      attendees: ['string[]', 'List of attendee email addresses'],
    },
    'write',
  ),
  tool(
    'update-event',
    'Update an existing calendar event with recurring event modification scope support.',
    {
      calendarId,
      eventId: ['string', 'ID of the event to update', R],
      summary: ['string', 'Updated title'],
      start: ['string', 'Updated start time'],
      end: ['string', 'Updated end time'],
    },
    'write',
  ),
  tool(
    'delete-event',
    'Delete a calendar event.',
    {
      calendarId,
      eventId: ['string', 'ID of the event to delete', R],
      sendUpdates: ['string', 'Whether to send cancellation notifications'],
    },
    'destructive',
  ),
  tool(
    'get-freebusy',
    'Query free/busy information for calendars. Note: Time range is limited to a maximum of 3 months between timeMin and timeMax.',
    {
      calendars: ['object[]', 'List of calendars and/or groups to query', R],
      timeMin: ['string', 'Start of the interval', R],
      timeMax: ['string', 'End of the interval', R],
    },
    'ro',
  ),
  tool('list-colors', 'List available color IDs and their meanings for calendar events', {}, 'ro'),
];

const messageId: Param = ['string', 'ID of the email message', R];
const gmail: ToolDef[] = [
  tool(
    'send_email',
    'Sends a new email',
    {
      to: ['string[]', 'List of recipient email addresses', R],
      subject: ['string', 'Email subject', R],
      body: ['string', 'Email body content', R],
      cc: ['string[]', 'List of CC recipients'],
      attachments: ['string[]', 'List of file paths to attach to the email'],
    },
    'write',
  ),
  tool(
    'draft_email',
    'Draft a new email',
    {
      to: ['string[]', 'List of recipient email addresses', R],
      subject: ['string', 'Email subject', R],
      body: ['string', 'Email body content', R],
    },
    'write',
  ),
  tool('read_email', 'Retrieves the content of a specific email', { messageId }, 'ro'),
  tool(
    'search_emails',
    'Searches for emails using Gmail search syntax',
    {
      query: ['string', "Gmail search query (e.g., 'from:example@gmail.com')", R],
      maxResults: ['number', 'Maximum number of results to return'],
    },
    'ro',
  ),
  tool(
    'modify_email',
    'Modifies email labels (move to different folders)',
    {
      messageId,
      addLabelIds: ['string[]', 'List of label IDs to add to the message'],
      removeLabelIds: ['string[]', 'List of label IDs to remove from the message'],
    },
    'write',
  ),
  tool('delete_email', 'Permanently deletes an email', { messageId }, 'destructive'),
  tool('list_email_labels', 'Retrieves all available Gmail labels', {}, 'ro'),
  tool(
    'create_filter',
    'Creates a new Gmail filter with custom criteria and actions',
    {
      criteria: [
        'object',
        'Criteria for matching emails (from, to, subject, query, hasAttachment)',
        R,
      ],
      action: ['object', 'Actions to perform on matching emails', R],
    },
    'write',
  ),
  tool(
    'download_attachment',
    'Downloads an email attachment to a specified location',
    {
      messageId,
      attachmentId: ['string', 'ID of the attachment to download', R],
      savePath: ['string', 'Directory path to save the attachment'],
    },
    'write',
  ),
  tool(
    'batch_modify_emails',
    'Modifies labels for multiple emails in batches',
    {
      messageIds: ['string[]', 'List of message IDs to modify', R],
      addLabelIds: ['string[]', 'List of label IDs to add'],
      removeLabelIds: ['string[]', 'List of label IDs to remove'],
    },
    'write',
  ),
];

const shell: ToolDef[] = [
  tool(
    'start_process',
    'Start a new terminal process with intelligent state detection. Runs a shell command and returns its first output.',
    {
      command: ['string', 'The command to execute', R],
      timeout_ms: ['number', 'Timeout in milliseconds', R],
      shell: ['string', 'Shell to use'],
    },
    'destructive',
  ),
  tool(
    'interact_with_process',
    'Send input to a running process and automatically receive the response (REPLs such as python or node).',
    { pid: ['number', 'Process id', R], input: ['string', 'Input to send', R] },
    'destructive',
  ),
  tool(
    'read_process_output',
    'Read output from a running process with intelligent completion detection.',
    { pid: ['number', 'Process id', R], timeout_ms: ['number', 'How long to wait for output'] },
    'ro',
  ),
  tool(
    'force_terminate',
    'Force terminate a running terminal session.',
    { pid: ['number', 'Process id', R] },
    'destructive',
  ),
  tool('list_sessions', 'List all active terminal sessions.', {}, 'ro'),
  tool(
    'list_processes',
    'List all running processes on the machine with PID, command name, CPU usage and memory usage.',
    {},
    'ro',
  ),
  tool(
    'kill_process',
    'Terminate a running process by PID. Use with caution as this will forcefully terminate the specified process.',
    { pid: ['number', 'Process id', R] },
    'destructive',
  ),
  tool(
    'get_config',
    'Get the complete server configuration as JSON: blocked commands, default shell, allowed directories, file read and write line limits.',
    {},
    'ro',
  ),
  tool(
    'set_config_value',
    'Set a specific configuration value by key.',
    { key: ['string', 'Configuration key', R], value: ['string', 'New value', R] },
    'write',
  ),
  tool(
    'start_search',
    'Start a streaming search for files by name or for text content inside files (ripgrep). Returns a session to poll for results.',
    {
      path: ['string', 'Directory to search', R],
      pattern: ['string', 'Pattern to search for', R],
      searchType: ['string', 'files or content'],
    },
    'ro',
  ),
];

const container: Param = ['string', 'Container ID or name', R];
const docker: ToolDef[] = [
  tool(
    'list_containers',
    'List all Docker containers',
    { all: ['boolean', 'Show all containers (default shows just running)'] },
    'ro',
  ),
  tool(
    'create_container',
    'Create a new Docker container',
    {
      image: ['string', 'Docker image name', R],
      name: ['string', 'Container name'],
      ports: ['object', 'Port mappings'],
      environment: ['object', 'Environment variables'],
    },
    'write',
  ),
  tool(
    'run_container',
    'Run an image in a new Docker container',
    {
      image: ['string', 'Docker image name', R],
      name: ['string', 'Container name'],
      command: ['string', 'Command to run'],
      detach: ['boolean', 'Run in the background'],
    },
    'write',
  ),
  tool(
    'recreate_container',
    'Stop and remove a container, then run a new container. Fails if the container does not exist.',
    { container_id: container },
    'destructive',
  ),
  tool('start_container', 'Start a Docker container', { container_id: container }, 'write'),
  tool('stop_container', 'Stop a running Docker container', { container_id: container }, 'write'),
  tool(
    'remove_container',
    'Remove a Docker container',
    { container_id: container, force: ['boolean', 'Force removal of a running container'] },
    'destructive',
  ),
  tool(
    'fetch_container_logs',
    'Fetch logs for a Docker container',
    {
      container_id: container,
      tail: ['number', 'Number of lines to show from the end of the logs'],
    },
    'ro',
  ),
  tool('list_images', 'List Docker images', {}, 'ro'),
  tool(
    'pull_image',
    'Pull a Docker image from a registry',
    { repository: ['string', 'Image repository', R], tag: ['string', 'Image tag'] },
    'write',
  ),
  tool(
    'push_image',
    'Push a Docker image to a registry',
    { repository: ['string', 'Image repository', R], tag: ['string', 'Image tag'] },
    'write',
  ),
  tool(
    'build_image',
    'Build a Docker image from a Dockerfile',
    {
      path: ['string', 'Path to the build context', R],
      tag: ['string', 'Image tag', R],
      dockerfile: ['string', 'Path to the Dockerfile'],
    },
    'write',
  ),
  tool(
    'remove_image',
    'Remove a Docker image',
    { image: ['string', 'Image ID or name', R], force: ['boolean', 'Force removal'] },
    'destructive',
  ),
  tool('list_networks', 'List Docker networks', {}, 'ro'),
  tool(
    'create_network',
    'Create a Docker network',
    { name: ['string', 'Network name', R], driver: ['string', 'Network driver'] },
    'write',
  ),
  tool('list_volumes', 'List Docker volumes', {}, 'ro'),
  tool('create_volume', 'Create a Docker volume', { name: ['string', 'Volume name', R] }, 'write'),
  tool(
    'remove_volume',
    'Remove a Docker volume',
    { volume_name: ['string', 'Volume name', R], force: ['boolean', 'Force removal'] },
    'destructive',
  ),
];

const time: ToolDef[] = [
  tool(
    'get_current_time',
    'Get current time in a specific timezones',
    {
      timezone: [
        'string',
        "IANA timezone name (e.g., 'America/New_York', 'Europe/London'). Use 'UTC' as local timezone if no timezone provided by the user.",
        R,
      ],
    },
    'ro',
  ),
  tool(
    'convert_time',
    'Convert time between timezones',
    {
      source_timezone: ['string', 'Source IANA timezone name', R],
      time: ['string', 'Time to convert in 24-hour format (HH:MM)', R],
      target_timezone: ['string', 'Target IANA timezone name', R],
    },
    'ro',
  ),
];

const weather: ToolDef[] = [
  tool(
    'get_alerts',
    'Get weather alerts for a US state.',
    { state: ['string', 'Two-letter US state code (e.g. CA, NY)', R] },
    'ro',
  ),
  tool(
    'get_forecast',
    'Get weather forecast for a location.',
    {
      latitude: ['number', 'Latitude of the location', R],
      longitude: ['number', 'Longitude of the location', R],
    },
    'ro',
  ),
  tool(
    'get_current_conditions',
    'Get the current weather conditions (temperature, wind, humidity) at a location.',
    { location: ['string', 'City name or coordinates', R] },
    'ro',
  ),
];

const brave: ToolDef[] = [
  tool(
    'brave_web_search',
    'Performs a web search using the Brave Search API, ideal for general queries, news, articles, and online content. Use this for broad information gathering, recent events, or when you need diverse web sources.',
    {
      query: ['string', 'Search query (max 400 chars, 50 words)', R],
      count: ['number', 'Number of results (1-20, default 10)'],
      offset: ['number', 'Pagination offset (max 9, default 0)'],
    },
    'ro',
  ),
  tool(
    'brave_local_search',
    "Searches for local businesses and places using Brave's Local Search API. Best for queries related to physical locations, businesses, restaurants, services, etc.",
    {
      query: ['string', "Local search query (e.g. 'pizza near Central Park')", R],
      count: ['number', 'Number of results (1-20, default 5)'],
    },
    'ro',
  ),
  tool(
    'brave_news_search',
    'Searches for recent news articles using the Brave News Search API.',
    {
      query: ['string', 'News search query', R],
      count: ['number', 'Number of results'],
      freshness: ['string', 'Time range filter'],
    },
    'ro',
  ),
  tool(
    'brave_image_search',
    'Searches for images using the Brave Image Search API.',
    { query: ['string', 'Image search query', R], count: ['number', 'Number of results'] },
    'ro',
  ),
];

const tavily: ToolDef[] = [
  tool(
    'tavily-search',
    "A powerful web search tool that provides comprehensive, real-time results using Tavily's AI search engine. Returns relevant web content with customizable parameters for result count, content type, and domain filtering.",
    {
      query: ['string', 'Search query', R],
      search_depth: ['string', 'The depth of the search: basic or advanced'],
      topic: ['string', 'The category of the search: general or news'],
      max_results: ['number', 'The maximum number of search results to return'],
      include_domains: [
        'string[]',
        'A list of domains to specifically include in the search results',
      ],
    },
    'ro',
  ),
  tool(
    'tavily-extract',
    'A powerful web content extraction tool that retrieves and processes raw content from specified URLs, ideal for data collection, content analysis, and research tasks.',
    {
      urls: ['string[]', 'List of URLs to extract content from', R],
      extract_depth: ['string', 'Depth of extraction'],
      format: ['string', 'The format of the extracted web page content: markdown or text'],
    },
    'ro',
  ),
  tool(
    'tavily-crawl',
    'A powerful web crawler that initiates a structured web crawl starting from a specified base URL. The crawler expands from that point like a tree, following internal links across pages.',
    {
      url: ['string', 'The root URL to begin the crawl', R],
      max_depth: ['number', 'Max depth of the crawl'],
      limit: ['number', 'Total number of links the crawler will process before stopping'],
      instructions: ['string', 'Natural language instructions for the crawler'],
    },
    'ro',
  ),
  tool(
    'tavily-map',
    'A powerful web mapping tool that creates a structured map of website URLs, allowing you to discover and analyze site structure, content organization, and navigation paths.',
    {
      url: ['string', 'The root URL to begin the mapping', R],
      max_depth: ['number', 'Max depth of the mapping'],
    },
    'ro',
  ),
];

const element: Param = [
  'string',
  'Human-readable element description used to obtain permission to interact with the element',
  R,
];
const ref: Param = ['string', 'Exact target element reference from the page snapshot', R];
const playwright: ToolDef[] = [
  tool(
    'browser_navigate',
    'Navigate to a URL',
    { url: ['string', 'The URL to navigate to', R] },
    'write',
  ),
  tool('browser_navigate_back', 'Go back to the previous page', {}, 'write'),
  tool(
    'browser_snapshot',
    'Capture accessibility snapshot of the current page, this is better than screenshot',
    {},
    'ro',
  ),
  tool(
    'browser_take_screenshot',
    "Take a screenshot of the current page. You can't perform actions based on the screenshot, use browser_snapshot for actions.",
    {
      type: ['string', 'Image format for the screenshot. Default is png.'],
      filename: ['string', 'File name to save the screenshot to'],
      fullPage: ['boolean', 'When true, takes a screenshot of the full scrollable page'],
    },
    'ro',
  ),
  tool(
    'browser_click',
    'Perform click on a web page',
    {
      element,
      ref,
      doubleClick: ['boolean', 'Whether to perform a double click instead of a single click'],
      button: ['string', 'Button to click, defaults to left'],
    },
    'write',
  ),
  tool(
    'browser_type',
    'Type text into editable element',
    {
      element,
      ref,
      text: ['string', 'Text to type into the element', R],
      submit: ['boolean', 'Whether to submit entered text (press Enter after)'],
    },
    'write',
  ),
  tool(
    'browser_fill_form',
    'Fill multiple form fields',
    { fields: ['object[]', 'Fields to fill in', R] },
    'write',
  ),
  tool(
    'browser_select_option',
    'Select an option in a dropdown',
    { element, ref, values: ['string[]', 'Array of values to select in the dropdown', R] },
    'write',
  ),
  tool('browser_hover', 'Hover over element on page', { element, ref }, 'ro'),
  tool(
    'browser_drag',
    'Perform drag and drop between two elements',
    {
      startElement: ['string', 'Source element description', R],
      startRef: ['string', 'Exact source element reference', R],
      endElement: ['string', 'Target element description', R],
      endRef: ['string', 'Exact target element reference', R],
    },
    'write',
  ),
  tool(
    'browser_press_key',
    'Press a key on the keyboard',
    {
      key: [
        'string',
        'Name of the key to press or a character to generate, such as `ArrowLeft` or `a`',
        R,
      ],
    },
    'write',
  ),
  tool(
    'browser_file_upload',
    'Upload one or multiple files',
    { paths: ['string[]', 'The absolute paths to the files to upload'] },
    'write',
  ),
  tool(
    'browser_evaluate',
    'Evaluate JavaScript expression on page or element',
    {
      function: [
        'string',
        '() => { /* code */ } or (element) => { /* code */ } when element is provided',
        R,
      ],
      element: ['string', 'Human-readable element description'],
      ref: ['string', 'Exact target element reference'],
    },
    'write',
  ),
  tool(
    'browser_console_messages',
    'Returns all console messages',
    { onlyErrors: ['boolean', 'Only return error messages'] },
    'ro',
  ),
  tool('browser_network_requests', 'Returns all network requests since loading the page', {}, 'ro'),
  tool(
    'browser_handle_dialog',
    'Handle a dialog',
    {
      accept: ['boolean', 'Whether to accept the dialog.', R],
      promptText: ['string', 'The text of the prompt in case of a prompt dialog.'],
    },
    'write',
  ),
  tool(
    'browser_resize',
    'Resize the browser window',
    {
      width: ['number', 'Width of the browser window', R],
      height: ['number', 'Height of the browser window', R],
    },
    'write',
  ),
  tool(
    'browser_tabs',
    'List, create, close, or select a browser tab.',
    {
      action: ['string', 'Operation to perform: list, new, close, select', R],
      index: ['number', 'Tab index, used for close/select.'],
    },
    'write',
  ),
  tool(
    'browser_wait_for',
    'Wait for text to appear or disappear or a specified time to pass',
    {
      time: ['number', 'The time to wait in seconds'],
      text: ['string', 'The text to wait for'],
      textGone: ['string', 'The text to wait for to disappear'],
    },
    'ro',
  ),
  tool('browser_close', 'Close the page', {}, 'write'),
  tool(
    'browser_install',
    'Install the browser specified in the config. Call this if you get an error about the browser not being installed.',
    {},
    'write',
  ),
  tool(
    'browser_pdf_save',
    'Save page as PDF',
    {
      filename: [
        'string',
        'File name to save the pdf to. Defaults to `page-{timestamp}.pdf` if not specified.',
      ],
    },
    'write',
  ),
];

const repoPath: Param = ['string', 'Path to the Git repository', R];
const git: ToolDef[] = [
  tool('git_status', 'Shows the working tree status', { repo_path: repoPath }, 'ro'),
  tool(
    'git_diff_unstaged',
    'Shows changes in the working directory that are not yet staged',
    { repo_path: repoPath, context_lines: ['number', 'Number of context lines'] },
    'ro',
  ),
  tool(
    'git_diff_staged',
    'Shows changes that are staged for commit',
    { repo_path: repoPath, context_lines: ['number', 'Number of context lines'] },
    'ro',
  ),
  tool(
    'git_diff',
    'Shows differences between branches or commits',
    { repo_path: repoPath, target: ['string', 'Target branch or commit to compare with', R] },
    'ro',
  ),
  tool(
    'git_commit',
    'Records changes to the repository',
    { repo_path: repoPath, message: ['string', 'Commit message', R] },
    'write',
  ),
  tool(
    'git_add',
    'Adds file contents to the staging area',
    { repo_path: repoPath, files: ['string[]', 'Files to stage', R] },
    'write',
  ),
  tool('git_reset', 'Unstages all staged changes', { repo_path: repoPath }, 'destructive'),
  tool(
    'git_log',
    'Shows the commit logs',
    {
      repo_path: repoPath,
      max_count: ['number', 'Maximum number of commits to show'],
      start_timestamp: ['string', 'Start timestamp for filtering commits'],
    },
    'ro',
  ),
  tool(
    'git_create_branch',
    'Creates a new branch from an optional base branch',
    {
      repo_path: repoPath,
      branch_name: ['string', 'Name of the new branch', R],
      base_branch: ['string', 'Base branch'],
    },
    'write',
  ),
  tool(
    'git_checkout',
    'Switches branches',
    { repo_path: repoPath, branch_name: ['string', 'Branch to switch to', R] },
    'write',
  ),
  tool(
    'git_show',
    'Shows the contents of a commit',
    { repo_path: repoPath, revision: ['string', 'Revision to show', R] },
    'ro',
  ),
  tool(
    'git_branch',
    'List Git branches',
    {
      repo_path: repoPath,
      branch_type: ['string', 'Whether to list local branches, remote branches or all', R],
    },
    'ro',
  ),
];

const notion: ToolDef[] = [
  tool(
    'notion_search',
    'Search Notion pages and databases by title.',
    {
      query: ['string', 'Text to search for in page or database titles', R],
      filter: ['object', 'Limit to pages or databases'],
    },
    'ro',
  ),
  tool(
    'notion_retrieve_page',
    'Retrieve a Notion page by ID',
    { page_id: ['string', 'The ID of the page', R] },
    'ro',
  ),
  tool(
    'notion_create_page',
    'Create a new page in Notion, as a child of a page or a database',
    {
      parent: ['object', 'The parent page or database', R],
      properties: ['object', 'Page properties (title, etc.)', R],
      children: ['object[]', 'Page content as blocks'],
    },
    'write',
  ),
  tool(
    'notion_update_page',
    'Update the properties of a Notion page',
    {
      page_id: ['string', 'The ID of the page', R],
      properties: ['object', 'Properties to update', R],
    },
    'write',
  ),
  tool(
    'notion_append_block_children',
    'Append new children blocks (paragraphs, to-dos, headings) to a specified parent block in Notion.',
    {
      block_id: ['string', 'The ID of the parent block', R],
      children: ['object[]', 'Array of block objects to append', R],
    },
    'write',
  ),
  tool(
    'notion_retrieve_block_children',
    'Retrieve the children blocks of a block (the content of a page)',
    { block_id: ['string', 'The ID of the block', R] },
    'ro',
  ),
  tool(
    'notion_query_database',
    'Query a Notion database with filters and sorts',
    {
      database_id: ['string', 'The ID of the database', R],
      filter: ['object', 'Filter conditions'],
      sorts: ['object[]', 'Sort conditions'],
    },
    'ro',
  ),
  tool(
    'notion_create_database',
    'Create a Notion database as a child of a page',
    {
      parent: ['object', 'Parent page', R],
      title: ['object[]', 'Title of the database'],
      properties: ['object', 'Property schema of the database', R],
    },
    'write',
  ),
  tool(
    'notion_create_comment',
    'Create a comment on a Notion page or discussion thread',
    {
      parent: ['object', 'The page to comment on', R],
      rich_text: ['object[]', 'The comment text', R],
    },
    'write',
  ),
  tool('notion_list_all_users', 'List all users in the Notion workspace', {}, 'ro'),
];

const gdrive: ToolDef[] = [
  tool(
    'gdrive_search',
    'Search for files in Google Drive',
    { query: ['string', 'Search query', R] },
    'ro',
  ),
  tool(
    'gdrive_read_file',
    'Read contents of a file from Google Drive (Docs are exported as Markdown, Sheets as CSV)',
    { fileId: ['string', 'ID of the file to read', R] },
    'ro',
  ),
  tool(
    'gsheets_read',
    'Read data from a Google Spreadsheet with flexible options for ranges and formatting',
    {
      spreadsheetId: ['string', 'The ID of the spreadsheet to read', R],
      ranges: ['string[]', 'Optional array of A1 notation ranges'],
    },
    'ro',
  ),
  tool(
    'gsheets_update_cell',
    'Update a cell value in a Google Spreadsheet',
    {
      fileId: ['string', 'ID of the spreadsheet', R],
      range: ['string', 'Cell range in A1 notation', R],
      value: ['string', 'New cell value', R],
    },
    'write',
  ),
];

const thinking: ToolDef[] = [
  tool(
    'sequentialthinking',
    'A detailed tool for dynamic and reflective problem-solving through thoughts. This tool helps analyze problems through a flexible thinking process that can adapt and evolve. Each thought can build on, question, or revise previous insights as understanding deepens.',
    {
      thought: ['string', 'Your current thinking step', R],
      nextThoughtNeeded: ['boolean', 'Whether another thought step is needed', R],
      thoughtNumber: ['number', 'Current thought number', R],
      totalThoughts: ['number', 'Estimated total thoughts needed', R],
      isRevision: ['boolean', 'Whether this revises previous thinking'],
    },
    'ro',
  ),
];

const namespace: Param = ['string', 'Kubernetes namespace'];
const kubernetes: ToolDef[] = [
  tool(
    'pods_list',
    'List all the Kubernetes pods in the current cluster from all namespaces',
    { labelSelector: ['string', 'Kubernetes label selector to filter pods'] },
    'ro',
  ),
  tool(
    'pods_list_in_namespace',
    'List all the Kubernetes pods in the specified namespace in the current cluster',
    { namespace: ['string', 'Namespace to list pods from', R] },
    'ro',
  ),
  tool(
    'pods_get',
    'Get a Kubernetes Pod in the current or provided namespace with the provided name',
    { name: ['string', 'Name of the Pod', R], namespace },
    'ro',
  ),
  tool(
    'pods_delete',
    'Delete a Kubernetes Pod in the current or provided namespace with the provided name',
    { name: ['string', 'Name of the Pod to delete', R], namespace },
    'destructive',
  ),
  tool(
    'pods_log',
    'Get the logs of a Kubernetes Pod in the current or provided namespace with the provided name',
    {
      name: ['string', 'Name of the Pod to get the logs from', R],
      namespace,
      container: ['string', 'Name of the Pod container'],
    },
    'ro',
  ),
  tool(
    'pods_exec',
    'Execute a command in a Kubernetes Pod in the current or provided namespace',
    {
      name: ['string', 'Name of the Pod', R],
      namespace,
      command: ['string[]', 'Command to execute in the Pod container', R],
    },
    'destructive',
  ),
  tool(
    'pods_run',
    'Run a Kubernetes Pod in the current or provided namespace with the provided container image',
    {
      image: ['string', 'Container Image to run in the Pod', R],
      name: ['string', 'Name of the Pod'],
      namespace,
    },
    'write',
  ),
  tool(
    'resources_list',
    'List Kubernetes resources and objects in the current cluster by providing their apiVersion and kind',
    {
      apiVersion: ['string', 'apiVersion of the resources (e.g. v1, apps/v1)', R],
      kind: ['string', 'kind of the resources (e.g. Pod, Deployment)', R],
      namespace,
    },
    'ro',
  ),
  tool(
    'resources_create_or_update',
    'Create or update a Kubernetes resource in the current cluster by providing a YAML or JSON representation',
    {
      resource: [
        'string',
        'A JSON or YAML containing a representation of the Kubernetes resource',
        R,
      ],
    },
    'write',
  ),
  tool(
    'resources_delete',
    'Delete a Kubernetes resource in the current cluster',
    {
      apiVersion: ['string', 'apiVersion of the resource', R],
      kind: ['string', 'kind of the resource', R],
      name: ['string', 'Name of the resource', R],
      namespace,
    },
    'destructive',
  ),
  tool('namespaces_list', 'List all the Kubernetes namespaces in the current cluster', {}, 'ro'),
  tool(
    'events_list',
    'List all the Kubernetes events in the current cluster from all namespaces',
    { namespace },
    'ro',
  ),
];

function server(id: string, kind: string, pkg: string, tools: ToolDef[]): ServerDef {
  return { id, kind, package: pkg, source: 'hand-written', tools };
}

/** Every hand-written server, in catalog order. */
export const HAND_WRITTEN_SERVERS: ServerDef[] = [
  server('github', 'github', 'github/github-mcp-server', github),
  server('pdf', 'pdf', '@sylphx/pdf-reader-mcp', pdf),
  server('fetch', 'web', 'mcp-fetch-server', fetchServer),
  server('sqlite', 'database', 'mcp-server-sqlite', sqlite),
  server('postgres', 'database', 'postgres-mcp', postgres),
  server('word', 'office', 'switchboard docx server (ours: mammoth + docx)', word),
  server('excel', 'office', '@negokaz/excel-mcp-server', excel),
  server('slack', 'distractor', '@modelcontextprotocol/server-slack', slack),
  server('atlassian', 'distractor', 'mcp-atlassian', atlassian),
  server('calendar', 'distractor', '@cocal/google-calendar-mcp', calendar),
  server('gmail', 'distractor', '@gongrzhe/server-gmail-autoauth-mcp', gmail),
  server('shell', 'distractor', '@wonderwhy-er/desktop-commander', shell),
  server('docker', 'distractor', 'mcp-server-docker', docker),
  server('time', 'distractor', 'mcp-server-time', time),
  server('weather', 'distractor', 'weather (MCP quickstart)', weather),
  server('brave', 'distractor', '@brave/brave-search-mcp-server', brave),
  server('tavily', 'distractor', 'tavily-mcp', tavily),
  server('playwright', 'distractor', '@playwright/mcp', playwright),
  server('git', 'distractor', 'mcp-server-git', git),
  server('notion', 'distractor', '@notionhq/notion-mcp-server', notion),
  server('gdrive', 'distractor', '@modelcontextprotocol/server-gdrive', gdrive),
  server('thinking', 'distractor', '@modelcontextprotocol/server-sequential-thinking', thinking),
  server('kubernetes', 'distractor', 'kubernetes-mcp-server', kubernetes),
];
