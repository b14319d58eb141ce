import { describe, expect, it } from 'vitest';
import { ariaKeyShortcuts, chordKeys, isShortcut, SHORTCUTS, shortcutGroups, shortcutOf, shortcutText, type KeyPress } from '../../src/app/shortcuts';

const press = (key: string, mods: Partial<Omit<KeyPress, 'key'>> = {}): KeyPress => ({ key, ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, ...mods });

describe('the shortcut catalogue', () => {
  it('tells undo from redo by Shift, and takes Ctrl or ⌘ alike', () => {
    expect(shortcutOf(press('z', { ctrlKey: true }))).toBe('undo');
    expect(shortcutOf(press('z', { metaKey: true }))).toBe('undo');
    expect(shortcutOf(press('Z', { ctrlKey: true, shiftKey: true }))).toBe('redo');
    expect(shortcutOf(press('y', { ctrlKey: true }))).toBe('redo');
    expect(shortcutOf(press('z'))).toBeUndefined();
    expect(shortcutOf(press('z', { ctrlKey: true, altKey: true }))).toBeUndefined();
  });

  it('runs on Ctrl+Enter only, not on Enter or Shift+Ctrl+Enter', () => {
    expect(isShortcut('run', press('Enter', { ctrlKey: true }))).toBe(true);
    expect(isShortcut('run', press('Enter'))).toBe(false);
    expect(isShortcut('run', press('Enter', { ctrlKey: true, shiftKey: true }))).toBe(false);
  });

  it('takes `?` and `+` with or without Shift (keyboard layouts differ), but not with Ctrl', () => {
    expect(isShortcut('shortcuts', press('?', { shiftKey: true }))).toBe(true);
    expect(isShortcut('shortcuts', press('?'))).toBe(true);
    expect(isShortcut('shortcuts', press('?', { ctrlKey: true }))).toBe(false);
    expect(isShortcut('zoom-in', press('+', { shiftKey: true }))).toBe(true);
    expect(isShortcut('zoom-in', press('='))).toBe(true);
    expect(isShortcut('delete', press('Delete', { shiftKey: true }))).toBe(false);
  });

  it('narrows the search to the ids asked for (an editor shortcut is not a tab key)', () => {
    expect(shortcutOf(press('Delete'), ['next-tab', 'previous-tab'])).toBeUndefined();
    expect(shortcutOf(press('ArrowLeft'), ['next-tab', 'previous-tab'])).toBe('previous-tab');
  });

  it('writes the keys as on the keyboard, for Macs with ⌘', () => {
    expect(shortcutText('redo', false)).toBe('Ctrl+Shift+Z or Ctrl+Y');
    expect(shortcutText('redo', true)).toBe('⌘+Shift+Z or ⌘+Y');
    expect(chordKeys({ key: 'ArrowRight' }, false)).toEqual(['→']);
    expect(ariaKeyShortcuts('run')).toBe('Control+Enter Meta+Enter');
    expect(ariaKeyShortcuts('redo')).toBe('Control+Shift+Z Meta+Shift+Z Control+Y Meta+Y');
  });

  it('has unique ids, and the groups hold every shortcut once', () => {
    const ids = SHORTCUTS.map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(shortcutGroups().flatMap((g) => g.shortcuts.map((s) => s.id))).toEqual(ids);
  });

  it('gives no two shortcuts of one place the same keys', () => {
    for (const group of shortcutGroups()) {
      const keys = group.shortcuts.flatMap((s) => s.chords.map((c) => chordKeys(c, false).join('+')));
      expect(new Set(keys).size, group.where).toBe(keys.length);
    }
  });
});
