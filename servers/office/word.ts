import { existsSync, writeFileSync } from 'node:fs';
import { Document, HeadingLevel, Packer, Paragraph, TextRun } from 'docx';
import mammoth from 'mammoth';
import { htmlToMarkdown } from '../web/markdown.js';

/** A .docx as markdown (headings, lists, tables, bold/italic); images are left out. */
export async function readDocx(file: string): Promise<{ markdown: string; warnings: string[] }> {
  const result = await mammoth.convertToHtml(
    { path: file },
    {
      externalFileAccess: false,
      convertImage: mammoth.images.imgElement(async () => ({ src: '', alt: '[image]' })),
    },
  );
  return {
    markdown: htmlToMarkdown(result.value),
    warnings: result.messages.map((m) => m.message),
  };
}

const HEADINGS = [
  HeadingLevel.HEADING_1,
  HeadingLevel.HEADING_2,
  HeadingLevel.HEADING_3,
  HeadingLevel.HEADING_4,
] as const;

/** `**bold**` and plain runs of one line. */
function runs(line: string): TextRun[] {
  return line
    .split(/(\*\*[^*]+\*\*)/)
    .filter((part) => part !== '')
    .map((part) =>
      part.startsWith('**') && part.endsWith('**')
        ? new TextRun({ text: part.slice(2, -2), bold: true })
        : new TextRun(part),
    );
}

/** One paragraph per line of simple markdown: `#`–`####` headings, `- ` bullets, `**bold**`. */
function paragraphs(markdown: string): Paragraph[] {
  return markdown.split(/\r?\n/).map((line) => {
    const heading = /^(#{1,4})\s+(.*)$/.exec(line);
    if (heading?.[1] && heading[2] !== undefined) {
      return new Paragraph({
        heading: HEADINGS[heading[1].length - 1],
        children: runs(heading[2]),
      });
    }
    const bullet = /^[-*]\s+(.*)$/.exec(line);
    if (bullet?.[1] !== undefined)
      return new Paragraph({ bullet: { level: 0 }, children: runs(bullet[1]) });
    return new Paragraph({ children: runs(line) });
  });
}

/** Writes a new .docx from simple markdown; refuses to replace an existing file. */
export async function createDocx(file: string, markdown: string, title?: string): Promise<void> {
  if (existsSync(file)) throw new Error(`${file} exists; choose a new file name`);
  const doc = new Document({
    ...(title === undefined ? {} : { title }),
    sections: [{ children: paragraphs(markdown) }],
  });
  writeFileSync(file, await Packer.toBuffer(doc), { flag: 'wx' });
}
