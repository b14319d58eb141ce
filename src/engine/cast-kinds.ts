/** The kinds the user can give a column: exactly those the cast-kind step converts to. */
import { castKind } from '../core/steps/cast-kind';

export function castKinds(): readonly string[] {
  const to = castKind.params.to;
  return to.type === 'enum' ? to.options : [];
}
