import { describe, expect, it } from 'vitest';
import {
  ANTHROPIC_IMAGE_LIMITS,
  GEMINI_IMAGE_LIMITS,
  LOCAL_IMAGE_LIMITS,
  OPENAI_IMAGE_LIMITS,
  fitImage,
  imageTokens,
} from './image-cost';

describe('fitImage', () => {
  it('never scales up', () => {
    expect(fitImage(ANTHROPIC_IMAGE_LIMITS, 800, 600)).toEqual({ width: 800, height: 600 });
  });

  it('scales a 12 MP photo to Anthropic’s long side and pixel budget', () => {
    const size = fitImage(ANTHROPIC_IMAGE_LIMITS, 4000, 3000);
    expect(size.width).toBeLessThanOrEqual(1568);
    expect(size.width * size.height).toBeLessThanOrEqual(ANTHROPIC_IMAGE_LIMITS.maxPixels ?? 0);
    expect(size.width / size.height).toBeCloseTo(4 / 3, 2);
    // Anthropic's table gives 1268 × 951 for 4:3.
    expect(Math.abs(size.width - 1268)).toBeLessThanOrEqual(2);
  });

  it('fits OpenAI’s 2048 square, then its 768 short side (its documented example: 2048 × 4096 → 768 × 1536)', () => {
    expect(fitImage(OPENAI_IMAGE_LIMITS, 2048, 4096)).toEqual({ width: 768, height: 1536 });
  });

  it('keeps a long screenshot’s long side within the local limit', () => {
    expect(fitImage(LOCAL_IMAGE_LIMITS, 1000, 5000)).toEqual({ width: 313, height: 1568 });
  });
});

describe('imageTokens', () => {
  it('Anthropic: width × height / 750 (its table: 1092 × 1092 ≈ 1590)', () => {
    expect(imageTokens(ANTHROPIC_IMAGE_LIMITS, 1092, 1092)).toBe(1590);
  });

  it('OpenAI high detail: 85 + 170 per tile (its example: 1024 × 1024 → 765)', () => {
    expect(imageTokens(OPENAI_IMAGE_LIMITS, 1024, 1024)).toBe(765);
    // 2048 × 4096 → 768 × 1536 → 2 × 3 tiles → 1105.
    expect(imageTokens(OPENAI_IMAGE_LIMITS, 2048, 4096)).toBe(1105);
  });

  it('Gemini: 258 for a small image, 258 per 768 px tile otherwise', () => {
    expect(imageTokens(GEMINI_IMAGE_LIMITS, 384, 300)).toBe(258);
    expect(imageTokens(GEMINI_IMAGE_LIMITS, 1000, 800)).toBe(258 * 4);
  });

  it('says nothing where the provider documents no rule', () => {
    expect(imageTokens(LOCAL_IMAGE_LIMITS, 1000, 800)).toBeUndefined();
    expect(imageTokens(undefined, 1000, 800)).toBeUndefined();
  });
});
