import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, waitFor } from '@testing-library/preact';
import { lazyView } from './lazy-view';

function Part({ word }: { word: string }) {
  return <p data-testid="part">{word}</p>;
}

/** A fetch the test settles by hand, counting how often it was asked for. */
function manualFetch() {
  const calls: { resolve(c: typeof Part): void; reject(e: Error): void }[] = [];
  const fetchPart = () =>
    new Promise<typeof Part>((resolve, reject) => calls.push({ resolve, reject }));
  return { calls, fetchPart };
}

afterEach(cleanup);

describe('lazyView', () => {
  it('shows the fallback until the part is in, then the part with its props; fetched once', async () => {
    const { calls, fetchPart } = manualFetch();
    const part = lazyView(fetchPart);
    const view = render(
      <div>
        <part.View word="one" fallback={<span data-testid="wait" />} />
        <part.View word="two" />
      </div>,
    );
    expect(view.getByTestId('wait')).toBeTruthy();
    expect(view.queryByTestId('part')).toBeNull();
    void part.load();
    expect(calls).toHaveLength(1);
    calls[0]!.resolve(Part);
    await waitFor(() =>
      expect(view.getAllByTestId('part').map((p) => p.textContent)).toEqual(['one', 'two']),
    );
    expect(view.queryByTestId('wait')).toBeNull();
    // The fallback prop is the wrapper's, not the part's.
    expect(view.container.innerHTML).not.toContain('fallback');
  });

  it('asks again after a failed fetch, and a preload before the first render is used', async () => {
    const { calls, fetchPart } = manualFetch();
    const part = lazyView(fetchPart);
    const first = part.load();
    calls[0]!.reject(new Error('offline'));
    await first;
    const again = part.load();
    expect(calls).toHaveLength(2);
    calls[1]!.resolve(Part);
    await again;
    const view = render(<part.View word="in" />);
    expect(view.getByTestId('part').textContent).toBe('in');
    expect(calls).toHaveLength(2);
  });
});
