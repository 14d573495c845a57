import TurndownService from 'turndown';

/** HTML → markdown with turndown, dropping what a reader never sees (scripts, styles, forms). */
export function htmlToMarkdown(html: string): string {
  const service = new TurndownService({
    headingStyle: 'atx',
    codeBlockStyle: 'fenced',
    bulletListMarker: '-',
  });
  service.remove(['script', 'style', 'noscript', 'template', 'iframe', 'object', 'embed', 'form']);
  return service.turndown(html).trim();
}

/** How a body of this content type is turned into text: markdown, as-is, or not at all. */
export function bodyKind(contentType: string): 'html' | 'text' | 'binary' {
  const type = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  if (type === 'text/html' || type === 'application/xhtml+xml') return 'html';
  if (type === '' || type.startsWith('text/')) return 'text';
  if (/^application\/(?:[\w.+-]*\+)?(?:json|xml)$/.test(type)) return 'text';
  return 'binary';
}

/** The charset of a content type, when Node's TextDecoder knows it (else utf-8). */
export function decodeBody(body: Buffer, contentType: string): string {
  const charset = /charset=["']?([\w-]+)/i.exec(contentType)?.[1] ?? 'utf-8';
  try {
    return new TextDecoder(charset).decode(body);
  } catch {
    return new TextDecoder('utf-8').decode(body);
  }
}
