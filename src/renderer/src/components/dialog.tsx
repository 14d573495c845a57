import { useEffect, useRef, useState, type ReactNode } from 'react';
import { messageOf } from '../stores/load-state';

/**
 * A modal sheet on the native <dialog>: focus is trapped and Escape closes it for free, and
 * it is exposed as role "dialog" with its title as the name.
 */
export function Dialog({
  title,
  open,
  onClose,
  children,
  footer,
  wide = false,
}: {
  title: string;
  open: boolean;
  onClose: () => void;
  children: ReactNode;
  footer?: ReactNode;
  wide?: boolean;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog || !open) return;
    // The control that opened the sheet gets focus back when it closes — or unmounts, which
    // most sheets do, and which the browser's own return of focus does not cover.
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (!dialog.open) dialog.showModal();
    return () => {
      if (dialog.open) dialog.close();
      if (opener?.isConnected) opener.focus();
    };
  }, [open]);
  const titleId = `dialog-${title.replace(/\W+/g, '-').toLowerCase()}`;
  return (
    <dialog
      ref={ref}
      className={`sheet${wide ? ' sheet-wide' : ''}`}
      aria-labelledby={titleId}
      onClose={onClose}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      {open && (
        <>
          <header className="sheet-header">
            <h2 id={titleId}>{title}</h2>
          </header>
          <div className="sheet-body">{children}</div>
          {footer && <footer className="sheet-footer">{footer}</footer>}
        </>
      )}
    </dialog>
  );
}

/**
 * A sheet's footer buttons: Cancel, and the action. With `form` the action submits that form;
 * otherwise it calls `onConfirm`. While `busy` it is disabled and shows `busyLabel`. Once
 * `done` (the sheet now shows what the action did), only Done is left, which closes it.
 */
export function DialogActions({
  onCancel,
  label,
  busyLabel,
  busy = false,
  disabled = false,
  tone = 'primary',
  onConfirm,
  form,
  done = false,
}: {
  onCancel: () => void;
  label: string;
  busyLabel?: string;
  busy?: boolean;
  disabled?: boolean;
  tone?: 'primary' | 'destructive';
  onConfirm?: () => void;
  /** The id of the form the action submits. */
  form?: string;
  done?: boolean;
}) {
  if (done) {
    return (
      <button type="button" className="button primary" onClick={onCancel}>
        Done
      </button>
    );
  }
  return (
    <>
      <button type="button" className="button" onClick={onCancel}>
        Cancel
      </button>
      <button
        type={form ? 'submit' : 'button'}
        form={form}
        className={`button ${tone}`}
        disabled={busy || disabled}
        onClick={form ? undefined : onConfirm}
      >
        {busy && busyLabel ? busyLabel : label}
      </button>
    </>
  );
}

/**
 * Runs a sheet's action: busy while it runs, closes on success, keeps the error otherwise.
 * `clearError` drops a kept error when the sheet moves on to something else.
 */
export function useSheetAction(onClose: () => void) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const submit = async (action: () => void | Promise<void>) => {
    setBusy(true);
    setError(undefined);
    try {
      await action();
      onClose();
    } catch (e) {
      setError(messageOf(e));
      setBusy(false);
    }
  };
  const clearError = () => setError(undefined);
  return { busy, error, submit, clearError };
}

/** Why a sheet's action failed, in the gateway's words. */
export function SheetError({ error }: { error?: string }) {
  return error ? (
    <p className="field-error" role="alert">
      {error}
    </p>
  ) : null;
}

/**
 * A destructive yes/no question: Cancel, or the action. A sync `onConfirm` closes the sheet at
 * once; an async one shows `busyLabel` while it runs and keeps the sheet open with the error
 * if it fails.
 */
export function ConfirmDialog({
  title,
  action,
  busyLabel,
  onConfirm,
  onClose,
  children,
}: {
  title: string;
  /** The destructive button's label, e.g. "Revoke". */
  action: string;
  busyLabel?: string;
  onConfirm: () => void | Promise<void>;
  onClose: () => void;
  children: ReactNode;
}) {
  const { busy, error, submit } = useSheetAction(onClose);
  return (
    <Dialog
      title={title}
      open
      onClose={onClose}
      footer={
        <DialogActions
          onCancel={onClose}
          label={action}
          busyLabel={busyLabel}
          busy={busy}
          tone="destructive"
          onConfirm={() => void submit(onConfirm)}
        />
      }
    >
      <div className="form">
        {children}
        <SheetError error={error} />
      </div>
    </Dialog>
  );
}
