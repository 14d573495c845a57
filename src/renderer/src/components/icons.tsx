import type { ReactNode } from 'react';

const PATHS = {
  servers: (
    <>
      <rect x="2.5" y="2.5" width="11" height="4.5" rx="1.2" />
      <rect x="2.5" y="9" width="11" height="4.5" rx="1.2" />
      <path d="M5 4.75h.01M5 11.25h.01" />
    </>
  ),
  shield: <path d="M8 1.8 13 3.7v4c0 3.1-2.1 5.4-5 6.5-2.9-1.1-5-3.4-5-6.5v-4Z" />,
  bell: (
    <>
      <path d="M4 11.5V7.2a4 4 0 0 1 8 0v4.3l1.2 1.2H2.8Z" />
      <path d="M6.6 14.2a1.5 1.5 0 0 0 2.8 0" />
    </>
  ),
  list: <path d="M5.5 4h8M5.5 8h8M5.5 12h8M2.5 4h.01M2.5 8h.01M2.5 12h.01" />,
  chart: <path d="M2.5 13.5h11M4 11V8M7 11V4.5M10 11V6.5M13 11V3" />,
  plug: (
    <>
      <path d="M6 1.8v3M10 1.8v3M4.2 4.8h7.6v2.7a3.8 3.8 0 0 1-7.6 0Z" />
      <path d="M8 11.3v2.9" />
    </>
  ),
  check: <path d="m3.5 8.4 3 3 6-6.3" />,
  question: (
    <>
      <path d="M6 6.1a2.1 2.1 0 1 1 3 1.9c-.6.3-1 .8-1 1.5v.4" />
      <path d="M8 12.3h.01" />
    </>
  ),
  x: <path d="m4.5 4.5 7 7m0-7-7 7" />,
  chevronRight: <path d="m6 3.5 4.5 4.5L6 12.5" />,
  chevronDown: <path d="m3.5 6 4.5 4.5L12.5 6" />,
  chevronUp: <path d="m3.5 10 4.5-4.5 4.5 4.5" />,
  plus: <path d="M8 3v10M3 8h10" />,
  restart: (
    <>
      <path d="M13 8a5 5 0 1 1-1.5-3.6" />
      <path d="M13 2.5v3h-3" />
    </>
  ),
  trash: <path d="M3 4.5h10M6.5 4.5V3h3v1.5M4.5 4.5l.6 8.5h5.8l.6-8.5" />,
  edit: <path d="m10.5 2.8 2.7 2.7-7.4 7.4H3.1v-2.7Z" />,
  copy: (
    <>
      <rect x="5.5" y="5.5" width="8" height="8" rx="1.5" />
      <path d="M10.5 5.5V3.8c0-.7-.6-1.3-1.3-1.3H3.8c-.7 0-1.3.6-1.3 1.3v5.4c0 .7.6 1.3 1.3 1.3h1.7" />
    </>
  ),
  pause: <path d="M5.5 3.5v9M10.5 3.5v9" />,
  play: <path d="M5 3.2v9.6L12.5 8Z" />,
  undo: (
    <>
      <path d="M5.5 3 2.5 6l3 3" />
      <path d="M2.5 6h7a4 4 0 0 1 0 8H7" />
    </>
  ),
  search: (
    <>
      <circle cx="7" cy="7" r="4.2" />
      <path d="m10.2 10.2 3.3 3.3" />
    </>
  ),
  download: <path d="M8 2.5v8m-3.5-3.5L8 10.5 11.5 7M3 13.5h10" />,
  warning: (
    <>
      <path d="M8 2.2 14.2 13H1.8Z" />
      <path d="M8 6.5v3M8 11.3h.01" />
    </>
  ),
  key: (
    <>
      <circle cx="5.5" cy="10.5" r="3" />
      <path d="m7.6 8.4 5.4-5.4M11 5l1.6 1.6" />
    </>
  ),
  eye: (
    <>
      <path d="M1.8 8S4 3.8 8 3.8 14.2 8 14.2 8 12 12.2 8 12.2 1.8 8 1.8 8Z" />
      <circle cx="8" cy="8" r="1.8" />
    </>
  ),
} satisfies Record<string, ReactNode>;

export type IconName = keyof typeof PATHS;

/** A 16-px line icon; decorative (hidden from screen readers) unless given a label. */
export function Icon({
  name,
  label,
  size = 16,
}: {
  name: IconName;
  label?: string;
  size?: number;
}) {
  return (
    <svg
      className="icon"
      width={size}
      height={size}
      viewBox="0 0 16 16"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.5"
      strokeLinecap="round"
      strokeLinejoin="round"
      {...(label ? { role: 'img', 'aria-label': label } : { 'aria-hidden': true })}
    >
      {PATHS[name]}
    </svg>
  );
}
