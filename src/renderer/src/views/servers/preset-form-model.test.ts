import { describe, expect, it } from 'vitest';
import type { PresetView } from '../../../../shared/model';
import {
  fieldsNamedIn,
  idProblem,
  initialValues,
  normalizeHosts,
  presetInput,
  valuesForId,
} from './preset-form-model';

const PRESET: PresetView = {
  id: 'memory',
  kind: 'memory',
  title: 'Memory',
  description: '',
  package: '@modelcontextprotocol/server-memory',
  licence: 'MIT',
  network: 'None',
  bundled: true,
  fields: [
    {
      key: 'file',
      label: 'Memory file',
      description: '',
      required: true,
      secret: false,
      kind: 'path',
      default: '${dataDir}/${id}.jsonl',
    },
    {
      key: 'allowHosts',
      label: 'Allowed hosts',
      description: '',
      required: false,
      secret: false,
      kind: 'hosts',
    },
    { key: 'token', label: 'Token', description: '', required: true, secret: true, kind: 'token' },
  ],
};

describe('the preset form', () => {
  it('starts from the defaults, with the data folder filled in when known', () => {
    expect(initialValues(PRESET, '/data')).toEqual({
      file: '/data/memory.jsonl',
      allowHosts: '',
      token: '',
    });
    expect(initialValues(PRESET, '').file).toBe('${dataDir}/memory.jsonl');
  });

  it('follows the typed id in a default that names it, and keeps what the person edited', () => {
    const start = initialValues(PRESET, '/data');
    const renamed = valuesForId(PRESET, start, '/data', '', 'notes');
    expect(renamed.file).toBe('/data/notes.jsonl');
    expect(valuesForId(PRESET, renamed, '/data', 'notes', '').file).toBe('/data/memory.jsonl');
    const edited = { ...start, file: '/elsewhere/graph.jsonl' };
    expect(valuesForId(PRESET, edited, '/data', '', 'notes').file).toBe('/elsewhere/graph.jsonl');
  });

  it('sends trimmed values, hosts joined by commas, and leaves out empty and untouched ones', () => {
    // What the form shows for an untouched default is left to the gateway, with the data folder
    // known or not (unknown, the form shows the placeholder, which the gateway would refuse).
    for (const dataDir of ['/data', '']) {
      const shown = valuesForId(PRESET, initialValues(PRESET, dataDir), dataDir, '', 'notes');
      expect(
        presetInput(
          PRESET,
          { ...shown, allowHosts: 'localhost,\n intranet.example.com\n\n', token: ' t ' },
          ' notes ',
          dataDir,
        ),
      ).toEqual({
        presetId: 'memory',
        id: 'notes',
        values: { allowHosts: 'localhost,intranet.example.com', token: 't' },
      });
    }
    // An edited value is sent, even one that is the default for another id.
    expect(presetInput(PRESET, { file: '/data/notes.jsonl' }, '', '/data')).toEqual({
      presetId: 'memory',
      values: { file: '/data/notes.jsonl' },
    });
    expect(normalizeHosts(' a , b\nc ')).toBe('a,b,c');
  });

  it('checks the id, and finds the fields a gateway message names', () => {
    expect(idProblem('')).toBeUndefined();
    expect(idProblem('notes-2')).toBeUndefined();
    expect(idProblem('Notes!')).toMatch(/a-z, 0-9/);
    expect(
      fieldsNamedIn(PRESET, 'Cannot add memory: Token (token) is required: the token.'),
    ).toEqual(['token']);
  });
});
