// What a provider takes as input, and what an image costs it: the limits each provider documents
// (declared by its adapter as `capabilities.input`, sent to the views in ProviderInfo), the size an
// image is scaled to before sending (fitImage) and its token estimate where the provider documents
// how it counts (imageTokens). One module, no provider code, so the composer and the context meter
// import it and show what a send will do.
import type { ImageMimeType } from './content-parts';

/**
 * How a provider counts an image's tokens, by its documentation:
 * - `pixels-750`: Anthropic, tokens ≈ width × height / 750
 *   (https://docs.anthropic.com/en/docs/build-with-claude/vision, "Evaluate image size");
 * - `tiles-512`: OpenAI, `detail: high`, 85 + 170 per 512 px tile of the scaled image
 *   (https://platform.openai.com/docs/guides/images-vision, "Calculating costs");
 * - `tiles-768`: Gemini, 258 for an image with both sides ≤ 384 px, else 258 per 768 px tile
 *   (https://ai.google.dev/gemini-api/docs/tokens, "Multimodal tokens").
 */
export type ImageCostRule = 'pixels-750' | 'tiles-512' | 'tiles-768';

export interface ImageLimits {
  /** The image is scaled down so its long side is at most this many pixels. */
  maxLongSide: number;
  /** …and its short side at most this (OpenAI's `detail: high` scales the short side to 768). */
  maxShortSide?: number;
  /** …and width × height at most this. */
  maxPixels?: number;
  /** The largest encoded image the API takes, in bytes (before base64). */
  maxBytes: number;
  /** The image types the API takes; the composer re-encodes anything else to the first. */
  mimeTypes: readonly ImageMimeType[];
  /** How the provider counts an image's tokens, where it documents it. */
  cost?: ImageCostRule;
  /** Where the limits come from: the provider's document, or `parley` for our own choice. */
  source: string;
}

/** What a provider takes in a user message besides text; documents always go (as text). */
export interface InputCapabilities {
  /** The API takes images in a user message. */
  images: boolean;
  /**
   * Only some of its models see images (Ollama, OpenRouter, local servers): images are sent, and a
   * text-only model's server answers with its own error. Views say "depends on the model".
   */
  imagesDependOnModel?: boolean;
  /** Present when `images` is true. */
  imageLimits?: ImageLimits;
}

/** The input of a provider that takes text only (the seed providers, DeepSeek). */
export const TEXT_ONLY: InputCapabilities = { images: false };

/**
 * The size to send an image at: scaled down (never up), aspect ratio kept, to fit every limit.
 * Whole pixels, at least 1×1.
 */
export function fitImage(
  limits: Pick<ImageLimits, 'maxLongSide' | 'maxShortSide' | 'maxPixels'>,
  width: number,
  height: number,
): { width: number; height: number } {
  if (!(width > 0 && height > 0)) return { width: 0, height: 0 };
  const long = Math.max(width, height);
  const short = Math.min(width, height);
  let scale = Math.min(1, limits.maxLongSide / long);
  if (limits.maxShortSide !== undefined) scale = Math.min(scale, limits.maxShortSide / short);
  if (limits.maxPixels !== undefined) {
    scale = Math.min(scale, Math.sqrt(limits.maxPixels / (width * height)));
  }
  if (scale >= 1) return { width: Math.round(width), height: Math.round(height) };
  return {
    width: Math.max(1, Math.floor(width * scale)),
    height: Math.max(1, Math.floor(height * scale)),
  };
}

/**
 * The tokens an image of this size costs once the provider has scaled it (fitImage with its
 * limits first), by its documented rule; undefined when the provider documents none.
 */
export function imageTokens(
  limits: Pick<ImageLimits, 'maxLongSide' | 'maxShortSide' | 'maxPixels' | 'cost'> | undefined,
  width: number,
  height: number,
): number | undefined {
  if (!limits?.cost) return undefined;
  const size = fitImage(limits, width, height);
  switch (limits.cost) {
    case 'pixels-750':
      return Math.ceil((size.width * size.height) / 750);
    case 'tiles-512':
      return 85 + 170 * Math.ceil(size.width / 512) * Math.ceil(size.height / 512);
    case 'tiles-768':
      if (size.width <= 384 && size.height <= 384) return 258;
      return 258 * Math.ceil(size.width / 768) * Math.ceil(size.height / 768);
  }
}

// The limits each provider documents (or, where it documents none, Parley's choice, marked
// `source: 'parley'`). Adapters declare these in `capabilities.input`.

/**
 * Anthropic: long side 1568 px and about 1,600 tokens (its table of largest sizes: 1092 × 1092,
 * 951 × 1268, 896 × 1344, 819 × 1456, 784 × 1568 — all within 1.21 megapixels); 5 MB per image;
 * JPEG, PNG, GIF, WebP.
 */
export const ANTHROPIC_IMAGE_LIMITS: ImageLimits = {
  maxLongSide: 1568,
  maxPixels: 1_210_000,
  maxBytes: 5 * 1024 * 1024,
  mimeTypes: ['image/jpeg', 'image/png', 'image/gif', 'image/webp'],
  cost: 'pixels-750',
  source: 'https://docs.anthropic.com/en/docs/build-with-claude/vision',
};

/** OpenAI, `detail: high`: within 2048 × 2048, short side 768; 20 MB per image; PNG, JPEG, WebP, GIF. */
export const OPENAI_IMAGE_LIMITS: ImageLimits = {
  maxLongSide: 2048,
  maxShortSide: 768,
  maxBytes: 20 * 1024 * 1024,
  mimeTypes: ['image/png', 'image/jpeg', 'image/webp', 'image/gif'],
  cost: 'tiles-512',
  source: 'https://platform.openai.com/docs/guides/images-vision',
};

/**
 * Gemini: tiles of 768 px; inline data keeps the whole request under 20 MB (base64 included), and
 * Vertex AI documents 7 MB per inline image; PNG, JPEG, WebP. Gemini documents no largest side:
 * 3072 px (4 × 4 tiles) is Parley's cap.
 */
export const GEMINI_IMAGE_LIMITS: ImageLimits = {
  maxLongSide: 3072,
  maxBytes: 7 * 1024 * 1024,
  mimeTypes: ['image/png', 'image/jpeg', 'image/webp'],
  cost: 'tiles-768',
  source: 'https://ai.google.dev/gemini-api/docs/image-understanding',
};

/**
 * Ollama and other local servers document no limits (the model's vision encoder scales it):
 * 1568 px long side keeps local models quick and text in screenshots readable. Parley's choice.
 */
export const LOCAL_IMAGE_LIMITS: ImageLimits = {
  maxLongSide: 1568,
  maxBytes: 10 * 1024 * 1024,
  mimeTypes: ['image/png', 'image/jpeg', 'image/webp'],
  source: 'parley',
};

/**
 * Chrome's built-in model (Prompt API, `expectedInputs: [{type: 'image'}]`) takes a Blob or an
 * ImageBitmap and documents no limits: 1024 px long side is Parley's choice for an on-device model.
 */
export const BUILTIN_IMAGE_LIMITS: ImageLimits = {
  maxLongSide: 1024,
  maxBytes: 10 * 1024 * 1024,
  mimeTypes: ['image/png', 'image/jpeg', 'image/webp'],
  source: 'parley',
};
