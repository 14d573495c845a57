import { describe, expect, it } from 'vitest';
import { expandQuery } from './search-text.js';

describe('expandQuery', () => {
  it('leaves out values the task hands over, but keeps what they hint at', () => {
    const terms = [...expandQuery('add the title "Search results" to report.docx').keys()];
    expect(terms).not.toContain('search');
    expect(terms).not.toContain('result');
    expect(terms).toContain('titl');
    const named = [...expandQuery('start a branch called search-speed').keys()];
    expect(named).toEqual(expect.arrayContaining(['start', 'branch', 'call']));
    expect(named).not.toContain('search');
  });

  it('leaves out a name with a version tag (postgres:16), not a time or a cell range', () => {
    expect(expandQuery('get the postgres:16 image onto this host').has('postgr')).toBe(false);
    expect(expandQuery('pull node:latest').has('node')).toBe(false);
    expect(expandQuery('book a meeting at 3:30').has('meet')).toBe(true);
    expect(expandQuery('bold the range A1:F50').has('a1')).toBe(true);
  });

  it("reads an apostrophe inside a word as no quote: Sam's message keeps its words", () => {
    const terms = [...expandQuery("react to Sam's message and Bob's note").keys()];
    expect(terms).toEqual(expect.arrayContaining(['sam', 'messag', 'bob', 'note']));
  });

  it("hints at an issue from a tracker's key (PAY-12), not from any dashed word", () => {
    expect(expandQuery('move PAY-12 to done').has('issu')).toBe(true);
    expect(expandQuery('start a branch called search-speed').has('issu')).toBe(false);
  });

  it('reads an email address as mail, not as a web page or a file, and "how many" as a count', () => {
    const terms = expandQuery('get all users whose email ends with @acme.com');
    expect(terms.has('mail')).toBe(true);
    expect(terms.has('url')).toBe(false);
    expect(terms.has('com')).toBe(false);
    expect(expandQuery('fetch https://acme.com/pricing').has('url')).toBe(true);
    expect(expandQuery('how many orders were placed today').has('count')).toBe(true);
    expect(expandQuery('how much disk does the events collection use').has('size')).toBe(true);
    expect(expandQuery('how much does the plan cost').has('size')).toBe(false);
  });

  it('brings in the everyday words for calendar, mail and weather things', () => {
    expect(expandQuery('what is on my schedule next week').has('calendar')).toBe(true);
    expect(expandQuery('find messages from the bank in my inbox').has('email')).toBe(true);
    expect(expandQuery('will it rain in Boston tomorrow').has('forecast')).toBe(true);
  });

  it('matches a synonym phrase only as a phrase: "the logs" are not "logged in"', () => {
    expect(expandQuery('who am I logged in as').has('whoami')).toBe(true);
    expect(expandQuery('delete rows from the logs table').has('whoami')).toBe(false);
    expect(expandQuery('in the logs, find the user').has('whoami')).toBe(false);
  });

  it('reads "every order", "all sessions" and "three products" as many, "how many" as a count', () => {
    expect(expandQuery('mark every pending order as shipped').has('mani')).toBe(true);
    expect(expandQuery('wipe out all sessions that expired').has('bulk')).toBe(true);
    expect(expandQuery('add these three products to the catalog').has('mani')).toBe(true);
    const count = expandQuery('how many orders were placed');
    expect(count.has('count')).toBe(true);
    expect(count.has('mani')).toBe(false);
    expect(expandQuery('close issue #88 as completed').has('mani')).toBe(false);
  });

  it('reads a superlative as asking for things in order', () => {
    expect(expandQuery('which files take up the most space').has('sort')).toBe(true);
    expect(expandQuery('show the slowest queries').has('rank')).toBe(true);
    expect(expandQuery('most of the files are small').has('sort')).toBe(false);
  });

  it("reads a URL's path as a value, keeping only its extension", () => {
    const terms = expandQuery('read the page at docs.python.org/3/library/json.html');
    expect(terms.has('json')).toBe(false);
    expect(terms.has('librari')).toBe(false);
    expect(terms.has('html')).toBe(true);
    expect(terms.has('python')).toBe(true);
    expect(expandQuery('fetch https://api.acme.dev/v2/users.json').has('json')).toBe(true);
    expect(expandQuery('list files in src/components').has('compon')).toBe(true);
  });

  it('reads "right now" and "what time is it" as the current state, "from now on" not', () => {
    expect(expandQuery('how hot is it outside right now').has('current')).toBe(true);
    expect(expandQuery('what time is it in Tokyo').has('current')).toBe(true);
    expect(expandQuery('call the collection customers from now on').has('current')).toBe(false);
  });
});
