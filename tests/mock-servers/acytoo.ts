// Acytoo emulator (spec section 3): POST /api/completions answers plain text until the body ends.
import { startEmulator, type Emulator } from './emulator';

export const ACYTOO_REPLY = 'Hello from the Acytoo mock! Привет, 世界 👋';

export type AcytooMock = Emulator<never>;

export function startAcytooMock(): Promise<AcytooMock> {
  return startEmulator<never>({
    path: '/api/completions',
    contentType: 'text/plain; charset=utf-8',
    defaultText: ACYTOO_REPLY,
    frame: (pieces) => [...pieces],
  });
}
