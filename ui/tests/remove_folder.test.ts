// @vitest-environment jsdom
// Tests "Remove from library…": the confirm step (Cancel first, Escape cancels, the action's button confirms) and the
// folder menu's item, disabled with the reason for a folder that is not a root.
import { describe, expect, it } from 'vitest';
import { confirmAction } from '../src/confirm';
import { ContextMenu } from '../src/context_menu';

describe('confirm step', () => {
  it('focuses Cancel, and resolves true only through the action button', async () => {
    const asked = confirmAction({ title: 'Remove “Pictures”?', text: 'The files stay on disk.', confirm: 'Remove' });
    const dialog = document.getElementById('confirm')!;
    expect(dialog.querySelector('[role="alertdialog"]')).not.toBeNull();
    expect(dialog.textContent).toContain('The files stay on disk.');
    expect((document.activeElement as HTMLElement).dataset['action']).toBe('cancel');
    dialog.querySelector<HTMLButtonElement>('[data-action="confirm"]')!.click();
    expect(await asked).toBe(true);
    expect(document.getElementById('confirm')).toBeNull();
  });

  it('Escape and Cancel say no', async () => {
    const escaped = confirmAction({ title: 't', text: 'x', confirm: 'Remove' });
    document.getElementById('confirm')!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    expect(await escaped).toBe(false);
    const cancelled = confirmAction({ title: 't', text: 'x', confirm: 'Remove' });
    document.querySelector<HTMLButtonElement>('#confirm [data-action="cancel"]')!.click();
    expect(await cancelled).toBe(false);
  });

  it("keeps every key from the app's shortcuts behind it", async () => {
    const seen: string[] = [];
    const shortcut = (e: KeyboardEvent): void => void seen.push(e.key);
    document.addEventListener('keydown', shortcut);
    const asked = confirmAction({ title: 't', text: 'x', confirm: 'Remove' });
    document.activeElement!.dispatchEvent(new KeyboardEvent('keydown', { key: 'd', bubbles: true }));
    document.getElementById('confirm')!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    expect(await asked).toBe(false);
    document.removeEventListener('keydown', shortcut);
    expect(seen).toEqual([]);
  });
});

describe('folder menu', () => {
  it('shows a disabled item with its reason, skipped by the keyboard', () => {
    const menu = new ContextMenu();
    let removed = 0;
    menu.open(10, 10, [
      { action: 'rescan', label: 'Rescan folder', run: () => undefined },
      { action: 'remove', label: 'Remove from library…', disabled: true, title: 'Remove /photos instead.', run: () => removed++ },
    ], null);
    const remove = document.querySelector<HTMLButtonElement>('#context-menu [data-action="remove"]')!;
    expect(remove.disabled).toBe(true);
    expect(remove.title).toContain('/photos');
    remove.click();
    expect(removed).toBe(0);
    const el = document.getElementById('context-menu')!;
    el.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowDown', bubbles: true }));
    expect((document.activeElement as HTMLElement).dataset['action']).toBe('rescan');
    menu.close(false);
  });
});
