import { describe, expect, it } from 'vitest';
import { UsageError, parseArgs, stringOption } from './args.js';

describe('the command line', () => {
  it('reads positionals, values, flags and repeated options', () => {
    const args = parseArgs([
      'rules',
      'set',
      'coder',
      '--if',
      'path inside /work',
      '--json',
      '--if=n between -5 5',
      '--role',
      'coder',
    ]);
    expect(args.positionals).toEqual(['rules', 'set', 'coder']);
    expect(args.options.get('json')).toBe(true);
    expect(stringOption(args, 'role')).toBe('coder');
    expect(args.repeated.get('if')).toEqual(['path inside /work', 'n between -5 5']);
  });

  it('keeps what follows -- as positionals, dashes and all', () => {
    const args = parseArgs(['add', 'mine', '--', 'npx', 'server', '--port', '3']);
    expect(args.positionals).toEqual(['add', 'mine', 'npx', 'server', '--port', '3']);
    expect(args.options.size).toBe(0);
  });

  it.each([
    [['servers', '--jsn'], 'unknown option --jsn'],
    [['keys', '-k'], 'unknown option -k'],
    [['servers', '--json=yes'], '--json takes no value'],
    [['keys', 'create', '--role'], '--role needs a value'],
    [['connect', '--key', '-abc'], '--key needs a value; write --key=VALUE'],
  ])('refuses %j with a message that names the option', (argv, message) => {
    expect(() => parseArgs(argv)).toThrow(UsageError);
    expect(() => parseArgs(argv)).toThrow(message);
  });
});
