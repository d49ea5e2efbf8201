// A behavioural fake of Chrome's Prompt API (`LanguageModel`), following the spec
// (https://webmachinelearning.github.io/prompt-api/) and Chrome's behaviour: availability() moves
// downloadable → downloading → available as create() downloads (firing `downloadprogress` on the
// monitor with `loaded` from 0 to 1); create() needs a user gesture while the model is only
// downloadable (NotAllowedError) when `gestureRequired`; prompts over the input quota fail with
// QuotaExceededError; the signal aborts create() and promptStreaming() with an AbortError;
// promptStreaming() streams deltas, or cumulative text like Chrome before 129. Sessions report
// `contextUsage` / `contextWindow` (https://developer.mozilla.org/en-US/docs/Web/API/LanguageModel/contextUsage),
// not the retired `inputUsage` / `inputQuota`. Languages in expectedInputs / expectedOutputs the
// model does not support make availability() "unavailable" and create() fail with
// NotSupportedError (https://developer.chrome.com/docs/ai/prompt-api#model_capabilities).
import type {
  Availability,
  LanguageModelApi,
  LanguageModelCreateOptions,
  LanguageModelPrompt,
  LanguageModelSession,
} from '../../src/providers/chrome-builtin/prompt-api';

export interface FakeLanguageModelOptions {
  availability?: Availability;
  /** Progress steps reported while downloading. */
  downloadSteps?: number[];
  gestureRequired?: boolean;
  /** The reply, in chunks. */
  reply?: string[];
  /** 'cumulative' streams the text so far in every chunk (Chrome before 129). */
  streaming?: 'delta' | 'cumulative';
  /** Characters the context may hold (a stand-in for tokens). */
  inputQuota?: number;
  /** Keeps the stream open after the reply (abort tests). */
  hang?: boolean;
  /** Languages the model reads and writes (Chrome: English, Spanish, Japanese). */
  languages?: string[];
  /**
   * Whether the model takes images (`expectedInputs: [{type: 'image'}]`); default true. Without,
   * asking for image input makes availability() "unavailable" and create() fail.
   */
  images?: boolean;
}

export interface FakeSessionRecord {
  initialPrompts: LanguageModelPrompt[];
  /** The output languages create() was given. */
  outputLanguages: string[] | undefined;
  prompts: (string | LanguageModelPrompt[])[];
  destroyed: boolean;
  streamCancelled: boolean;
}

const tick = () => new Promise<void>((resolve) => setTimeout(resolve, 1));
const abortError = () => new DOMException('The operation was aborted.', 'AbortError');

export class FakeLanguageModel {
  state: Availability;
  gestureRequired: boolean;
  readonly sessions: FakeSessionRecord[] = [];
  constructor(private readonly options: FakeLanguageModelOptions = {}) {
    this.state = options.availability ?? 'available';
    this.gestureRequired = options.gestureRequired ?? false;
  }

  /** The object the adapter sees as `LanguageModel`. */
  get api(): LanguageModelApi {
    return {
      availability: async (options) =>
        this.supports(options as LanguageModelCreateOptions | undefined)
          ? this.state
          : 'unavailable',
      create: (options) => this.create(options),
    };
  }

  private supports(options: LanguageModelCreateOptions = {}): boolean {
    const known = this.options.languages ?? ['en', 'es', 'ja'];
    const asked = [...(options.expectedInputs ?? []), ...(options.expectedOutputs ?? [])].flatMap(
      (e) => e.languages ?? [],
    );
    const images = (options.expectedInputs ?? []).some((e) => e.type === 'image');
    if (images && this.options.images === false) return false;
    return asked.every((language) => known.includes(language));
  }

  private async create(options: LanguageModelCreateOptions = {}): Promise<LanguageModelSession> {
    const { signal } = options;
    if (signal?.aborted) throw abortError();
    if (!this.supports(options))
      throw new DOMException('The requested language is not supported.', 'NotSupportedError');
    if (this.state === 'unavailable')
      throw new DOMException('The model is not available.', 'NotSupportedError');
    if (this.state === 'downloadable' && this.gestureRequired) {
      throw new DOMException(
        'Requires a user gesture when availability is "downloadable".',
        'NotAllowedError',
      );
    }
    const monitor = new EventTarget();
    options.monitor?.(monitor as never);
    if (this.state !== 'available') {
      this.state = 'downloading';
      for (const loaded of this.options.downloadSteps ?? [0, 0.5, 1]) {
        await tick();
        if (signal?.aborted) throw abortError();
        monitor.dispatchEvent(Object.assign(new Event('downloadprogress'), { loaded, total: 1 }));
      }
      this.state = 'available';
    }
    const record: FakeSessionRecord = {
      initialPrompts: options.initialPrompts ?? [],
      outputLanguages: options.expectedOutputs?.flatMap((e) => e.languages ?? []),
      prompts: [],
      destroyed: false,
      streamCancelled: false,
    };
    this.sessions.push(record);
    const used = () => [...record.initialPrompts, ...record.prompts].map(textOf).join('').length;
    const quota = this.options.inputQuota ?? Infinity;
    const reply = this.options.reply ?? ['Hello', ' from', ' Nano'];
    const cumulative = this.options.streaming === 'cumulative';
    const hang = this.options.hang ?? false;
    let produced = '';
    const session: LanguageModelSession = {
      get contextUsage() {
        return used() + produced.length;
      },
      contextWindow: quota,
      promptStreaming(input, streamOptions = {}) {
        if (record.destroyed)
          throw new DOMException('The session was destroyed.', 'InvalidStateError');
        record.prompts.push(input);
        const over = used() > quota;
        let index = 0;
        let text = '';
        return new ReadableStream<string>({
          async pull(controller) {
            await tick();
            if (streamOptions.signal?.aborted) return controller.error(abortError());
            if (over) {
              return controller.error(
                new DOMException('The input is too large.', 'QuotaExceededError'),
              );
            }
            const piece = reply[index++];
            if (piece === undefined) {
              if (!hang) controller.close();
              return new Promise<void>((resolve) =>
                streamOptions.signal?.addEventListener('abort', () => {
                  controller.error(abortError());
                  resolve();
                }),
              );
            }
            text += piece;
            produced += piece;
            controller.enqueue(cumulative ? text : piece);
          },
          cancel() {
            record.streamCancelled = true;
          },
        });
      },
      destroy() {
        record.destroyed = true;
      },
    };
    return session;
  }
}

/** The text of a prompt (images count for nothing in the fake's character quota). */
function textOf(prompt: string | LanguageModelPrompt | LanguageModelPrompt[]): string {
  if (typeof prompt === 'string') return prompt;
  if (Array.isArray(prompt)) return prompt.map(textOf).join('');
  if (typeof prompt.content === 'string') return prompt.content;
  return prompt.content.map((c) => (c.type === 'text' ? c.value : '')).join('');
}
