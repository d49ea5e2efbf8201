import { describe, expect, it } from 'vitest';
import { choices, readMeter, replyReserve, trimTarget, type MeterPart } from './context-meter';

const part = (id: string, tokens: number, over: Partial<MeterPart> = {}): MeterPart => ({
  id,
  kind: id === 'text' ? 'text' : id === 'history' ? 'history' : 'tab',
  label: id,
  tokens,
  trimmable: id !== 'history',
  droppable: id !== 'history' && id !== 'text',
  ...over,
});

describe('readMeter', () => {
  it('adds the parts and keeps room for the reply', () => {
    const reading = readMeter([part('text', 10), part('tab:1', 500), part('tab:2', 300)], {
      tokens: 4096,
      from: 'provider',
    });
    expect(reading.total).toBe(810);
    expect(reading.reserve).toBe(409);
    expect(reading.over).toBe(0);
  });

  it('says by how much a message is over its window', () => {
    const reading = readMeter([part('text', 10), part('tab:1', 3900)], {
      tokens: 4096,
      from: 'setting',
    });
    expect(reading.over).toBe(10 + 3900 + 409 - 4096);
  });

  it('has nothing over when the window is unknown', () => {
    expect(readMeter([part('tab:1', 1e9)], undefined)).toMatchObject({ over: 0, reserve: 0 });
  });

  it('keeps at most 4096 tokens for the reply', () => {
    expect(replyReserve(1_000_000)).toBe(4096);
    expect(replyReserve(2000)).toBe(200);
  });
});

describe('trimTarget and choices', () => {
  const reading = readMeter(
    [part('history', 1000), part('text', 50), part('tab:1', 3000), part('tab:2', 900)],
    { tokens: 4096, from: 'setting' },
  );
  // 4950 + 409 - 4096 = 1263 over.
  it('trims a part by exactly what is over', () => {
    expect(reading.over).toBe(1263);
    expect(trimTarget(reading, 'tab:1')).toBe(3000 - 1263);
  });

  it('offers no trim where trimming cannot make it fit, nor for the conversation so far', () => {
    expect(trimTarget(reading, 'tab:2')).toBeUndefined();
    expect(trimTarget(reading, 'text')).toBeUndefined();
    expect(trimTarget(reading, 'history')).toBeUndefined();
    expect(trimTarget(reading, 'nothing')).toBeUndefined();
  });

  it('offers the parts that can change, biggest first, and nothing when it fits', () => {
    expect(choices(reading).map((p) => p.id)).toEqual(['tab:1', 'tab:2', 'text']);
    expect(choices(readMeter([part('tab:1', 10)], { tokens: 4096, from: 'known' }))).toEqual([]);
  });
});
