/** Light and dark themes: the system's preference unless the user picked one (kept in localStorage). */

export type ThemeName = 'light' | 'dark';
const KEY = 'pipeline-studio.theme';

function stored(): ThemeName | null {
  try {
    const value = localStorage.getItem(KEY);
    return value === 'light' || value === 'dark' ? value : null;
  } catch {
    return null;
  }
}

/** The system's preference, followed while the user has not picked a theme (a MediaQuery on the page). */
export interface SystemDark {
  readonly current: boolean;
}

export class ThemeState {
  readonly #systemDark: SystemDark;
  /** The user's explicit choice; null follows the system. */
  choice = $state<ThemeName | null>(stored());

  constructor(systemDark: SystemDark) {
    this.#systemDark = systemDark;
  }

  get current(): ThemeName {
    return this.choice ?? (this.#systemDark.current ? 'dark' : 'light');
  }

  toggle(): void {
    this.set(this.current === 'dark' ? 'light' : 'dark');
  }

  set(theme: ThemeName): void {
    this.choice = theme;
    try {
      localStorage.setItem(KEY, theme);
    } catch {
      // Private mode: the choice lasts for this page only.
    }
  }

  /** Mirror the explicit choice on <html data-theme>; without one, CSS follows prefers-color-scheme. */
  apply(root: HTMLElement = document.documentElement): void {
    if (this.choice) root.dataset.theme = this.choice;
    else delete root.dataset.theme;
  }
}
