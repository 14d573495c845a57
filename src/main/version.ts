/** Switchboard's version, reported to agents and the UI. */
export const VERSION = '0.1.0';
