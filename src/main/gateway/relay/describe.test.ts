import { describe, expect, it } from 'vitest';
import { describeServerRequest } from './describe.js';

describe('describeServerRequest', () => {
  it('shows the system prompt and every message of a sampling request', () => {
    const text = describeServerRequest('sampling/createMessage', {
      systemPrompt: 'Be brief.',
      messages: [
        { role: 'user', content: { type: 'text', text: 'Summarise the file' } },
        { role: 'assistant', content: [{ type: 'image', data: 'xx', mimeType: 'image/png' }] },
      ],
      maxTokens: 100,
    });
    expect(text).toBe(
      [
        "The server asks the agent's model for a completion.",
        'System prompt: Be brief.',
        'user: Summarise the file',
        'assistant: [image]',
        'Up to 100 tokens.',
      ].join('\n'),
    );
  });

  it('shows the message and the asked fields of a form elicitation', () => {
    const text = describeServerRequest('elicitation/create', {
      message: 'Who are you?',
      requestedSchema: {
        type: 'object',
        properties: {
          name: { type: 'string', description: 'Your name' },
          age: { type: 'integer' },
        },
      },
    });
    expect(text).toContain('Message: Who are you?');
    expect(text).toContain('Field name (string): Your name');
    expect(text).toContain('Field age (integer)');
  });

  it('shows the URL of a URL elicitation, and bounds long texts', () => {
    const url = describeServerRequest('elicitation/create', {
      mode: 'url',
      message: 'Sign in',
      url: 'https://example.com/login',
    });
    expect(url).toContain('open https://example.com/login');
    const long = describeServerRequest('sampling/createMessage', {
      messages: [{ role: 'user', content: { type: 'text', text: 'x'.repeat(10_000) } }],
    });
    expect(long.length).toBeLessThanOrEqual(4_001);
  });
});
