// The UI switches on error codes, never on message text: each code has its own localized sentence
// naming the provider; the provider's own words stay available under "Details".
import { ERROR_CODES, type ErrorCode } from '../../shared/errors';
import type { MessageKey } from '../../shared/i18n';

export const ERROR_KEYS = Object.fromEntries(
  ERROR_CODES.map((code) => [code, `error_${code.replace(/-/g, '_')}` as MessageKey]),
) as Record<ErrorCode, MessageKey>;
