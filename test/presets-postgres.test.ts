import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@modelcontextprotocol/client';
import { getPreset, instantiatePreset } from '../src/main/setup/presets.js';
import { startSwitchboard, type TestSwitchboard } from './helpers/start-switchboard.js';
import {
  findPostgresBin,
  startPostgres,
  type PostgresCluster,
} from './presets/postgres-cluster.js';
import { callText } from './presets/tool-text.js';

// The PostgreSQL preset against a real server from Debian's `postgresql` package
// (.ci/run installs it). Without it here the suite is skipped and says why.

const bin = findPostgresBin();
if (!bin)
  console.warn('presets-postgres: no /usr/lib/postgresql/*/bin/initdb; apt-get install postgresql');

describe.skipIf(!bin)('PostgreSQL preset', () => {
  let dir: string;
  let cluster: PostgresCluster;
  let sb: TestSwitchboard;
  let admin: Client;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'switchboard-pgpreset-'));
    cluster = await startPostgres(bin!);
    const db = new pg.Client({ connectionString: cluster.url });
    await db.connect();
    await db.query(
      "CREATE TABLE books (id serial PRIMARY KEY, title text NOT NULL, pages int); INSERT INTO books (title, pages) VALUES ('Dune', 412), ('Emma', 474)",
    );
    await db.end();
    const { server } = instantiatePreset(
      getPreset('postgres'),
      { url: cluster.url },
      { dataDir: dir },
    );
    sb = await startSwitchboard({ servers: [server] });
    admin = await sb.connect(sb.adminKey);
  }, 90_000);

  afterAll(async () => {
    await sb?.stop();
    cluster?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lists and describes tables', async () => {
    expect((await callText(admin, 'postgres__list_tables', {})).text).toContain('"books"');
    const { text } = await callText(admin, 'postgres__describe_table', { table: 'books' });
    expect(JSON.parse(text)).toContainEqual(
      expect.objectContaining({ name: 'title', type: 'text', nullable: false }),
    );
  });

  it('runs a SELECT with parameters', async () => {
    const { text, isError } = await callText(admin, 'postgres__read_query', {
      query: 'SELECT title FROM books WHERE pages > $1 ORDER BY title',
      params: [450],
    });
    expect(isError, text).toBe(false);
    expect(JSON.parse(text)).toEqual([{ title: 'Emma' }]);
  });

  it('refuses writes in read_query, including a second statement', async () => {
    for (const query of [
      'DELETE FROM books',
      'SELECT 1; DROP TABLE books',
      'UPDATE books SET pages = 0',
    ]) {
      expect((await callText(admin, 'postgres__read_query', { query })).isError, query).toBe(true);
    }
    const { text } = await callText(admin, 'postgres__read_query', {
      query: 'SELECT count(*)::int AS n FROM books',
    });
    expect(JSON.parse(text)).toEqual([{ n: 2 }]);
  });
});
