/** A command line that cannot be run as given: exit code 2 and the usage text (README, CLI). */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
