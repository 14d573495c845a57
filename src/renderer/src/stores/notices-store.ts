import { createStore } from 'zustand/vanilla';

/** A short message in the corner: the result of an action, or why it failed. */
export interface Notice {
  id: number;
  kind: 'info' | 'error';
  text: string;
}

export interface NoticesState {
  notices: Notice[];
  push(kind: Notice['kind'], text: string): number;
  dismiss(id: number): void;
}

/** How long an info notice stays; errors stay until dismissed. */
export const INFO_NOTICE_MS = 3500;

/** Notices the views raise; they do not touch the API. */
export function createNoticesStore() {
  let nextId = 1;
  return createStore<NoticesState>()((set, get) => ({
    notices: [],
    push(kind, text) {
      const id = nextId++;
      set({ notices: [...get().notices, { id, kind, text }].slice(-4) });
      if (kind === 'info') setTimeout(() => get().dismiss(id), INFO_NOTICE_MS);
      return id;
    },
    dismiss: (id) => set({ notices: get().notices.filter((n) => n.id !== id) }),
  }));
}
export type NoticesStore = ReturnType<typeof createNoticesStore>;
