import { describe, expect, it } from 'vitest';
import { alwaysScopes, EVERY_CALL, folderOf, NEXT_HOUR, ruleText } from './narrow-always';

describe('narrower "always" answers', () => {
  it('offers this folder for an absolute path, this host for a URL, this kind for SQL', () => {
    const scopes = alwaysScopes({
      path: '/home/me/project/src/a.ts',
      url: 'https://Docs.Example.com:8443/x?y',
      query: '/* hi */ SELECT * FROM fruit',
      text: 'hello',
      count: 3,
    });
    expect(scopes.map((s) => s.label)).toEqual([
      'every call of this tool',
      'this folder (/home/me/project/src)',
      'this host (docs.example.com)',
      'this statement kind (SELECT)',
      'the next hour',
    ]);
    expect(scopes[1]!.conditions).toEqual([
      { kind: 'path', arg: 'path', op: 'inside', folder: '/home/me/project/src' },
    ]);
  });

  it('offers nothing narrower for relative paths, unknown SQL or non-web URLs', () => {
    expect(alwaysScopes({ path: 'src/a.ts', sql: 'VACUUM', link: 'mailto:a@b.c' })).toEqual([
      EVERY_CALL,
      NEXT_HOUR,
    ]);
  });

  it('finds the folder of a path on either kind of system', () => {
    expect(folderOf('/a.txt')).toBe('/');
    expect(folderOf('/a/b/')).toBe('/a/b');
    expect(folderOf('C:\\work\\a.txt')).toBe('C:\\work');
    expect(folderOf('C:\\a.txt')).toBe('C:\\');
  });

  it('shows the rule it writes in the words of explain', () => {
    const [every, folder, hour] = alwaysScopes({ path: '/p/x' });
    const now = Date.parse('2026-12-02T03:00:00.250Z');
    expect(ruleText('fs__write_file', every!, 'allow', now)).toBe('fs__write_file → allow');
    expect(ruleText('fs__write_file', folder!, 'deny', now)).toBe(
      'fs__write_file if path inside "/p" → deny',
    );
    expect(ruleText('fs__write_file', hour!, 'allow', now)).toBe(
      'fs__write_file until 2026-12-02T04:00:00Z → allow',
    );
  });
});
