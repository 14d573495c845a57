/**
 * An incremental Server-Sent Events parser: feed it decoded text chunks as they arrive and it
 * calls `onData` once per complete event with the event's joined `data:` lines. Comments
 * (`: keep-alive`) and other fields are ignored. We parse by hand because EventSource cannot
 * send an Authorization header, and the control token must not travel in a URL.
 */
export function createSseParser(onData: (data: string) => void): (chunk: string) => void {
  let buffer = '';
  let data: string[] = [];
  const line = (text: string) => {
    if (text === '') {
      if (data.length > 0) onData(data.join('\n'));
      data = [];
      return;
    }
    if (text.startsWith(':')) return;
    const colon = text.indexOf(':');
    const field = colon === -1 ? text : text.slice(0, colon);
    let value = colon === -1 ? '' : text.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') data.push(value);
  };
  return (chunk) => {
    buffer += chunk;
    let end: number;
    while ((end = buffer.search(/\r\n|\r|\n/)) !== -1) {
      const newline = buffer[end] === '\r' && buffer[end + 1] === '\n' ? 2 : 1;
      // A lone trailing \r may be the first half of \r\n: wait for the next chunk.
      if (buffer[end] === '\r' && end + 1 === buffer.length) break;
      line(buffer.slice(0, end));
      buffer = buffer.slice(end + newline);
    }
  };
}
