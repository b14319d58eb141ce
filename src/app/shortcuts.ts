/**
 * Every keyboard shortcut the studio has, in one list: the key handlers test events against it and
 * the shortcut sheet (`?`) lists it, so the sheet cannot drift from what the keys do.
 */

/** What a key handler reads of a keyboard event (structural, so this module runs in Node too). */
export interface KeyPress {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
}

/** One key combination. `mod` is Ctrl, or ⌘ on a Mac. */
export interface Chord {
  key: string;
  mod?: boolean;
  shift?: boolean;
}

export interface Shortcut {
  id: string;
  /** What the keys do, as the sheet says it. */
  label: string;
  /** Where they work (the sheet groups by it). */
  where: string;
  chords: readonly Chord[];
}

export const SHORTCUTS = [
  { id: 'run', label: 'Run the pipeline', where: 'Anywhere', chords: [{ key: 'Enter', mod: true }] },
  { id: 'shortcuts', label: 'Show these keyboard shortcuts', where: 'Anywhere', chords: [{ key: '?' }] },
  {
    id: 'show-view',
    label: 'Show a view in the drawer: 1 Data, 2 Step, 3 Results, 4 Runs, 5 Models, 6 Versions, 7 AutoML, 8 Predict',
    where: 'Anywhere but a text field',
    chords: ['1', '2', '3', '4', '5', '6', '7', '8'].map((key) => ({ key })),
  },
  { id: 'toggle-drawer', label: 'Hide or show the drawer', where: 'Anywhere but a text field', chords: [{ key: '0' }] },
  { id: 'undo', label: 'Undo the last edit', where: 'Pipeline editor', chords: [{ key: 'z', mod: true }] },
  { id: 'redo', label: 'Redo', where: 'Pipeline editor', chords: [{ key: 'z', mod: true, shift: true }, { key: 'y', mod: true }] },
  { id: 'copy', label: 'Copy the selected nodes', where: 'Pipeline editor', chords: [{ key: 'c', mod: true }] },
  { id: 'paste', label: 'Paste after the selected node', where: 'Pipeline editor', chords: [{ key: 'v', mod: true }] },
  { id: 'duplicate', label: 'Duplicate the selected nodes', where: 'Pipeline editor', chords: [{ key: 'd', mod: true }] },
  { id: 'delete', label: 'Delete the selected nodes or connection', where: 'Pipeline editor', chords: [{ key: 'Delete' }, { key: 'Backspace' }] },
  { id: 'next-tab', label: 'Next tab', where: "The views' and the Results' model tabs", chords: [{ key: 'ArrowRight' }] },
  { id: 'previous-tab', label: 'Previous tab', where: "The views' and the Results' model tabs", chords: [{ key: 'ArrowLeft' }] },
  { id: 'first-tab', label: 'First tab', where: "The views' and the Results' model tabs", chords: [{ key: 'Home' }] },
  { id: 'last-tab', label: 'Last tab', where: "The views' and the Results' model tabs", chords: [{ key: 'End' }] },
  { id: 'zoom-in', label: 'Zoom into the tree', where: 'Tree diagram', chords: [{ key: '+' }, { key: '=' }] },
  { id: 'zoom-out', label: 'Zoom out of the tree', where: 'Tree diagram', chords: [{ key: '-' }] },
  { id: 'save-name', label: 'Keep the new name', where: "Renaming a saved model", chords: [{ key: 'Enter' }] },
  { id: 'cancel-name', label: 'Keep the old name', where: "Renaming a saved model", chords: [{ key: 'Escape' }] },
  { id: 'close', label: 'Close a dialog', where: 'Dialogs', chords: [{ key: 'Escape' }] },
] as const satisfies readonly Shortcut[];

export type ShortcutId = (typeof SHORTCUTS)[number]['id'];

function shortcut(id: ShortcutId): Shortcut {
  return SHORTCUTS.find((s) => s.id === id) as Shortcut;
}

/**
 * Symbols ('?', '+', '-') are typed with or without Shift depending on the keyboard layout, so Shift
 * is not part of their match; for letters and named keys it is.
 */
const isSymbol = (key: string) => key.length === 1 && key.toLowerCase() === key.toUpperCase() && !/[0-9 ]/.test(key);

function chordMatches(chord: Chord, event: KeyPress): boolean {
  if (event.altKey) return false;
  if (event.key.toLowerCase() !== chord.key.toLowerCase()) return false;
  if ((event.ctrlKey || event.metaKey) !== (chord.mod ?? false)) return false;
  return isSymbol(chord.key) || event.shiftKey === (chord.shift ?? false);
}

/** Whether `event` is one of the shortcut's key combinations. */
export function isShortcut(id: ShortcutId, event: KeyPress): boolean {
  return shortcut(id).chords.some((chord) => chordMatches(chord, event));
}

/** The first shortcut (of `ids`, else of all) that `event` is, if any. */
export function shortcutOf(event: KeyPress, ids: readonly ShortcutId[] = SHORTCUTS.map((s) => s.id)): ShortcutId | undefined {
  return ids.find((id) => isShortcut(id, event));
}

const KEY_NAMES: Readonly<Record<string, string>> = { ArrowRight: '→', ArrowLeft: '←', Escape: 'Esc' };

/** The keys of a chord as they are written on the keyboard, e.g. ['Ctrl', 'Shift', 'Z']. */
export function chordKeys(chord: Chord, mac: boolean): string[] {
  const key = KEY_NAMES[chord.key] ?? (chord.key.length === 1 ? chord.key.toUpperCase() : chord.key);
  return [...(chord.mod ? [mac ? '⌘' : 'Ctrl'] : []), ...(chord.shift ? ['Shift'] : []), key];
}

/** A shortcut's key combinations as text, e.g. "Ctrl+Shift+Z or Ctrl+Y". */
export function shortcutText(id: ShortcutId, mac: boolean): string {
  return shortcut(id)
    .chords.map((c) => chordKeys(c, mac).join('+'))
    .join(' or ');
}

/** A shortcut's key combinations as ARIA's aria-keyshortcuts wants them ("Control+Enter Meta+Enter"). */
export function ariaKeyShortcuts(id: ShortcutId): string {
  const aria = (key: string) => (key.length === 1 ? key.toUpperCase() : key);
  return shortcut(id)
    .chords.flatMap((c) => (c.mod ? ['Control', 'Meta'] : [null]).map((mod) => [mod, c.shift ? 'Shift' : null, aria(c.key)].filter(Boolean).join('+')))
    .join(' ');
}

/** The shortcuts grouped by where they work, in the list's order. */
export function shortcutGroups(): { where: string; shortcuts: Shortcut[] }[] {
  const groups: { where: string; shortcuts: Shortcut[] }[] = [];
  for (const s of SHORTCUTS) {
    const group = groups.find((g) => g.where === s.where);
    if (group) group.shortcuts.push(s);
    else groups.push({ where: s.where, shortcuts: [s] });
  }
  return groups;
}

/** Whether this is a Mac (⌘ rather than Ctrl), from the browser's navigator where there is one. */
export const onMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);
