import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render } from '@testing-library/preact';
import { setMessageSource } from '../../shared/i18n';
import { AppShell } from './app-shell';

afterEach(cleanup);

describe('AppShell', () => {
  it('renders translated text for its surface and sets the page title', async () => {
    const ru: Record<string, string> = {
      appName: 'Parley',
      optionsTitle: 'Настройки Parley',
      shellEmpty: 'Начните разговор',
    };
    setMessageSource((key) => ru[key] ?? '');
    const view = render(<AppShell surface="options" />);
    expect(view.getByTestId('app-shell').dataset.surface).toBe('options');
    expect(view.getByRole('heading').textContent).toBe('Parley');
    expect(view.getByText('Начните разговор')).toBeTruthy();
    await Promise.resolve();
    expect(document.title).toBe('Настройки Parley');
  });
});
