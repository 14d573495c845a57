/**
 * Focus after a view change. A sidebar choice asks for it; the new view's heading takes it when
 * it mounts (possibly later: Metrics loads lazily), so a screen reader announces where the
 * person is and Tab continues from the top of the view. The first view of a load and a view
 * opened on a card (an approval toast's Open) do not ask.
 */
let pending = false;

/** The next view heading to mount should take focus. */
export function requestHeadingFocus(): void {
  pending = true;
}

/** True once after a request: the caller (a heading) should focus itself. */
export function takeHeadingFocus(): boolean {
  const was = pending;
  pending = false;
  return was;
}
