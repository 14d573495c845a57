import { readFileSync, writeFileSync } from 'node:fs';
import type { AuditEntry } from '../../../shared/model.js';
import { analyze } from './search-text.js';

/**
 * Learning from use: which tool an agent called after a `switchboard__find_tools` answer that
 * listed it. The call is read from the audit log (the same line every call writes), matched to
 * the last answer the same key got, and the answer's query words are remembered for that tool.
 * A later search with similar words lifts the tool, by at most `MAX_LIFT`, and says so.
 */

/** The most a tool's score is multiplied by from use: 1 + MAX_LIFT. */
export const MAX_LIFT = 0.5;
/** A call counts for an answer given at most this long before it. */
export const ANSWER_WINDOW_MS = 10 * 60_000;
const MAX_TOOLS = 2_000;
const MAX_TERMS = 64;

/** What an answer's use did for a tool: its factor's extra part and how often it was chosen. */
export interface UsageLift {
  lift: number;
  /** How many times the tool was chosen after a task sharing these words. */
  uses: number;
}

interface Answer {
  terms: string[];
  tools: Set<string>;
  at: number;
}

/** Options: where to keep what was learned (one file per installation), and a clock. */
export interface UsageFeedbackOptions {
  file?: string;
  now?: () => number;
}

/** Per-installation memory of which tool served which words; bounded and explainable. */
export class UsageFeedback {
  private readonly answers = new Map<string, Answer>();
  /** tool → query term → times chosen. Insertion order doubles as least recently learned. */
  private readonly learned = new Map<string, Map<string, number>>();
  private readonly now: () => number;

  constructor(private readonly options: UsageFeedbackOptions = {}) {
    this.now = options.now ?? Date.now;
    if (options.file) this.load(options.file);
  }

  /** Remembers what a key was just offered for a query (the last answer per key counts). */
  noteAnswer(keyName: string, query: string, tools: string[]): void {
    const terms = [...new Set(analyze(query))];
    if (terms.length === 0 || tools.length === 0) return;
    this.answers.set(keyName, { terms, tools: new Set(tools), at: this.now() });
  }

  /** An audit line: a successful call of a tool the same key was just offered teaches it. */
  noteCall(entry: Pick<AuditEntry, 'keyName' | 'tool' | 'method' | 'outcome'>): void {
    if (entry.method !== 'tools/call' || entry.outcome !== 'ok') return;
    const answer = this.answers.get(entry.keyName);
    if (!answer || this.now() - answer.at > ANSWER_WINDOW_MS) return;
    if (!answer.tools.has(entry.tool)) return;
    // One lesson per answer: calling the same tool ten times is one choice.
    this.answers.delete(entry.keyName);
    this.learn(entry.tool, answer.terms);
    if (this.options.file) this.save(this.options.file);
  }

  /** How much use lifts a tool for a query's analysed terms (0 when it never served them). */
  liftFor(tool: string, terms: readonly string[]): UsageLift {
    const counts = this.learned.get(tool);
    if (!counts || terms.length === 0) return { lift: 0, uses: 0 };
    let shared = 0;
    let uses = 0;
    for (const term of terms) {
      const count = counts.get(term) ?? 0;
      if (count > 0) shared++;
      uses = Math.max(uses, count);
    }
    // Similar tasks share most words; repeated choices saturate instead of growing forever.
    const overlap = shared / terms.length;
    return { lift: MAX_LIFT * overlap * (uses / (uses + 2)), uses };
  }

  private learn(tool: string, terms: string[]): void {
    const counts = this.learned.get(tool) ?? new Map<string, number>();
    this.learned.delete(tool);
    this.learned.set(tool, counts);
    for (const term of terms) counts.set(term, (counts.get(term) ?? 0) + 1);
    if (counts.size > MAX_TERMS) {
      const weakest = [...counts].sort((a, b) => a[1] - b[1]).slice(0, counts.size - MAX_TERMS);
      for (const [term] of weakest) counts.delete(term);
    }
    if (this.learned.size > MAX_TOOLS) this.learned.delete(this.learned.keys().next().value!);
  }

  private load(file: string): void {
    try {
      const data = JSON.parse(readFileSync(file, 'utf8')) as Record<string, Record<string, number>>;
      for (const [tool, terms] of Object.entries(data).slice(-MAX_TOOLS)) {
        const counts = Object.entries(terms).filter(([, n]) => typeof n === 'number' && n > 0);
        this.learned.set(tool, new Map(counts.slice(0, MAX_TERMS)));
      }
    } catch {
      // No file yet, or a damaged one: start over; it is only a ranking hint.
    }
  }

  private save(file: string): void {
    const data: Record<string, Record<string, number>> = {};
    for (const [tool, counts] of this.learned) data[tool] = Object.fromEntries(counts);
    try {
      writeFileSync(file, JSON.stringify(data), { mode: 0o600 });
    } catch {
      // Losing a lesson is harmless; failing a tool call over it would not be.
    }
  }
}
