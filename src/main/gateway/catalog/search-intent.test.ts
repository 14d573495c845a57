import type { Tool } from '@modelcontextprotocol/server';
import { describe, expect, it } from 'vitest';
import type { CatalogTool } from './catalog.js';
import { actionFit, queryIntent, toolIntent } from './search-intent.js';
import { stem } from './search-text.js';

function catalogTool(name: string, description: string, annotations?: Tool['annotations']) {
  const original: Tool = { name, description, inputSchema: { type: 'object' }, annotations };
  return { serverId: 's', name: `s__${name}`, original, exposed: original } as CatalogTool;
}

describe('queryIntent', () => {
  it('reads the action from verbs, with specific verbs outranking general ones', () => {
    expect(queryIntent('show me which files are in the docs folder').actions).toEqual(['list']);
    expect(queryIntent('open the README').actions).toEqual(['read']);
    expect(queryIntent('open a new issue about the crash').actions).toEqual(['create']);
    expect(queryIntent('file a bug report on the repo').actions).toEqual(['create']);
    expect(queryIntent('remove the old entries').actions).toEqual(['delete']);
    expect(queryIntent('what do we already know about payments').actions).toEqual(['search']);
  });

  it('reads "make X bold" and "make the repo private" as changing something', () => {
    expect(queryIntent('make the first sentence of paragraph 2 bold').actions).toEqual(['update']);
    expect(queryIntent('make the repo private').actions).toEqual(['update']);
    expect(queryIntent('make a new folder').actions).toEqual(['create']);
  });

  it('reads the action of a phrasal verb, whose words alone name another or none', () => {
    expect(queryIntent('get rid of the old node image').actions).toEqual(['delete']);
    expect(queryIntent('throw the spam away').actions).toEqual(['delete']);
    expect(queryIntent('push the standup back an hour').actions).toContain('update');
    expect(queryIntent('check in the staged work').actions).toEqual(['write']);
    expect(queryIntent('kill process 4312').actions).toEqual(['delete']);
  });

  it('reads a noun-like verb only when it starts the task: "log two hours" vs "the logs"', () => {
    expect(queryIntent('log two hours of work on PAY-40').actions).toEqual(['write']);
    expect(queryIntent('record that Bob manages the payments team').actions).toEqual(['write']);
    expect(queryIntent('stage src/app.ts').actions).toEqual(['create']);
    expect(queryIntent('show me the logs of the api container').actions).toEqual(['read']);
    expect(queryIntent('delete the record for Bob').actions).toEqual(['delete']);
  });

  it('reads "which Xs does Y have" as a listing, "what is new" as reading, "retry" as running', () => {
    expect(queryIntent('which collections does the shop database have').actions).toEqual(['list']);
    expect(queryIntent("go to the changelog and read what's new").actions).not.toContain('create');
    expect(queryIntent('retry the failed workflow').actions).toEqual(['run']);
    expect(queryIntent('answer Priya in that thread').actions).toEqual(['send']);
  });

  it('reads "what is on my …" as a listing and "keep in mind" as storing', () => {
    expect(queryIntent('what is on my schedule next week').actions).toEqual(['list']);
    expect(queryIntent("what's on the agenda today").actions).toEqual(['list']);
    expect(queryIntent('keep in mind that I prefer Rust').actions).toEqual(['write']);
    expect(queryIntent('remember that the deploy key lives in the vault').actions).toEqual([
      'write',
    ]);
  });

  it('reads forms of a verb, not other words of its stem: "terminal" is no "terminate"', () => {
    expect(queryIntent('run npm test in the terminal').actions).toEqual(['run']);
    expect(queryIntent('the deletion log of the general channel').actions).toEqual([]);
    expect(queryIntent('it modifies the files').actions).toEqual(['update']);
    expect(queryIntent('lists and running').actions).toContain('list');
  });

  it('reads where a task acts: "in the doc", "from the table", "to" only when adding', () => {
    const where = (query: string) => [...queryIntent(query).containers];
    expect(where('add a section title to the report document')).toEqual([stem('document')]);
    expect(where('delete rows older than 2020 from the logs table')).toEqual([stem('table')]);
    expect(where('start the next section on a new page in the Word doc')).toContain('doc');
    expect(where('export the docx to pdf')).toEqual([]);
    expect(where('turn these notes into a pdf')).toEqual([]);
  });

  it('reads a verb after a possessive as a noun, and "which files in X" as a listing', () => {
    expect(queryIntent('get all users whose email ends with @acme.com').actions).toEqual(['read']);
    expect(queryIntent('which files in my downloads take up the most space').actions).toEqual([
      'list',
    ]);
  });

  it('takes no action from a question about what happened: "why did the run fail?"', () => {
    const intent = queryIntent('why did the last Actions run fail? show me the failed job logs');
    expect(intent.actions).toEqual(['read']);
    expect(queryIntent('what did the build print so far').actions).toEqual([]);
    expect(queryIntent('which branch did I create yesterday').actions).toEqual([]);
  });

  it('reads a topic ("about onboarding") only in a task that reads', () => {
    expect(queryIntent('find the wiki page about onboarding').topic).toBe(true);
    expect(queryIntent('find issues mentioning a memory leak').topic).toBe(true);
    expect(queryIntent('open a new issue about the broken login').topic).toBe(false);
    expect(queryIntent('show the README').topic).toBe(false);
  });

  it('takes no action from a past participle that only describes', () => {
    expect(queryIntent('which files changed in pull request 9').actions).not.toContain('update');
    expect(queryIntent('when was this pdf created').actions).toEqual([]);
    expect(queryIntent('what containers are running on this host').actions).toEqual(['list']);
  });

  it("lets a phrase's words say nothing more than the phrase, and a weak verb stay weak", () => {
    // "getting" in "getting rid of" and "gets" are forms of the weak "get".
    expect(queryIntent('free space by getting rid of the old image').actions).toEqual(['delete']);
    expect(queryIntent('he gets the remove button').actions).toEqual(['delete']);
  });

  it('takes no action from a value the task hands over: a quote, a name after "called"', () => {
    expect(queryIntent('start a branch called search-speed').actions).toEqual(['create']);
    expect(queryIntent("commit with the message 'delete old code'").actions).not.toContain(
      'delete',
    );
  });
});

describe('toolIntent and actionFit', () => {
  it("reads a tool's action from its name, else its description, and its hints", () => {
    expect(toolIntent(catalogTool('list_directory', 'Lists files.')).action).toBe('list');
    expect(toolIntent(catalogTool('linear_getIssues', 'Issues.')).action).toBe('read');
    expect(toolIntent(catalogTool('maps_geocode', 'Convert an address.')).action).toBeUndefined();
    const destructive = toolIntent(catalogTool('tidy', 'Tidy up.', { destructiveHint: true }));
    expect(destructive.destructive).toBe(true);
  });

  it('rewards a matching action, and penalises one that contradicts the task', () => {
    const show = queryIntent('show me the notes');
    const list = queryIntent('list the notes');
    const read = toolIntent(catalogTool('read_notes', 'Read notes.', { readOnlyHint: true }));
    const del = toolIntent(catalogTool('delete_notes', 'Delete notes.', { destructiveHint: true }));
    expect(actionFit(show, read)).toMatchObject({ contradicts: false, label: 'read' });
    expect(actionFit(list, read).factor).toBeGreaterThan(1);
    expect(actionFit(list, read).factor).toBeLessThan(actionFit(show, read).factor);
    expect(actionFit(show, del)).toMatchObject({ contradicts: true });
    expect(actionFit(show, del).factor).toBeLessThan(1);
    expect(actionFit(queryIntent('weather in Paris'), del).factor).toBe(1);
  });

  it('serves a task that runs something with a tool that starts it, not the reverse', () => {
    const start = toolIntent(catalogTool('start_process', 'Start a terminal process.'));
    const run = toolIntent(catalogTool('run_workflow', 'Run a workflow.'));
    expect(actionFit(queryIntent('run npm test in the terminal'), start).factor).toBeGreaterThan(1);
    expect(actionFit(queryIntent('create a new repository'), run).factor).toBeLessThan(1);
  });
});
