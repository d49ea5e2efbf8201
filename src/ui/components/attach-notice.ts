// The words for a refused attachment (limits.ts AttachProblem), with the file's name and the limit.
import type { AttachNotice } from '../models/composer-attachments';
import { t, type MessageKey } from '../../shared/i18n';

const KEYS: Record<AttachNotice['code'], MessageKey> = {
  'too-big': 'attachProblemTooBig',
  'too-long': 'attachProblemTooLong',
  'too-many': 'attachProblemTooMany',
  unreadable: 'attachProblemUnreadable',
  unsupported: 'attachProblemUnsupported',
  'pdf-no-text': 'attachProblemPdfNoText',
  'pdf-protected': 'attachProblemPdfProtected',
  'screenshot-denied': 'attachProblemScreenshotDenied',
  'screenshot-failed': 'attachProblemScreenshotFailed',
};

export function attachNoticeText(notice: AttachNotice): string {
  return t(KEYS[notice.code], [notice.name, notice.limit === undefined ? '' : limitText(notice)]);
}

function limitText(notice: AttachNotice): string {
  const limit = notice.limit ?? 0;
  if (notice.code === 'too-big') return `${Math.round(limit / (1024 * 1024))} MB`;
  return limit.toLocaleString();
}
