/** The longest text an approval card gets for one server request. */
const MAX_CHARS = 4_000;

/**
 * What a server's request would put before the model or the user, as plain text for the
 * approval card: the system prompt and messages of a sampling request; the message and the
 * asked fields (or the URL) of an elicitation.
 */
export function describeServerRequest(method: string, params: Record<string, unknown>): string {
  const text =
    method === 'sampling/createMessage'
      ? describeSampling(params)
      : method === 'elicitation/create'
        ? describeElicitation(params)
        : `The server asks for ${method}.`;
  return text.length > MAX_CHARS ? `${text.slice(0, MAX_CHARS)}…` : text;
}

function describeSampling(params: Record<string, unknown>): string {
  const lines = ["The server asks the agent's model for a completion."];
  if (typeof params.systemPrompt === 'string') lines.push(`System prompt: ${params.systemPrompt}`);
  const messages = Array.isArray(params.messages) ? params.messages : [];
  for (const message of messages as { role?: unknown; content?: unknown }[]) {
    lines.push(`${String(message.role ?? 'user')}: ${contentText(message.content)}`);
  }
  if (typeof params.maxTokens === 'number') lines.push(`Up to ${params.maxTokens} tokens.`);
  return lines.join('\n');
}

function contentText(content: unknown): string {
  const blocks = Array.isArray(content) ? content : [content];
  return blocks
    .map((block) => {
      const b = block as { type?: unknown; text?: unknown } | undefined;
      return b?.type === 'text' && typeof b.text === 'string' ? b.text : `[${String(b?.type)}]`;
    })
    .join(' ');
}

function describeElicitation(params: Record<string, unknown>): string {
  const message = typeof params.message === 'string' ? params.message : '';
  if (params.mode === 'url') {
    return `The server asks the user to open ${String(params.url)}\nMessage: ${message}`;
  }
  const lines = ['The server asks the user for input.', `Message: ${message}`];
  const schema = params.requestedSchema as { properties?: Record<string, unknown> } | undefined;
  for (const [name, field] of Object.entries(schema?.properties ?? {})) {
    const f = field as { type?: unknown; title?: unknown; description?: unknown };
    const about = [f.title, f.description].filter((x) => typeof x === 'string').join(' — ');
    lines.push(`Field ${name} (${String(f.type ?? 'any')})${about ? `: ${about}` : ''}`);
  }
  return lines.join('\n');
}
