// Compare as a mode of the composer: on or off, and the providers picked (2–4), remembered per
// conversation (ConversationRecord.compare). The engine writes it with each message (chat-compare
// turns it on, chat-send and "Continue with this one" turn it off); a view only follows it, and
// keeps what the user picks for a chat not sent yet.
import { batch, computed, signal } from '@preact/signals';
import { COMPARE_MAX, COMPARE_MIN, type ConversationRecord } from '../../shared/protocol';

export class CompareState {
  readonly enabled = signal(false);
  /** The providers picked, in the order picked. */
  readonly providerIds = signal<readonly string[]>([]);
  /** On with enough providers picked: the next message is compared. */
  readonly ready = computed(
    () =>
      this.enabled.value &&
      this.providerIds.value.length >= COMPARE_MIN &&
      this.providerIds.value.length <= COMPARE_MAX,
  );
  /** The last compare setting seen from the shown conversation (a change there wins). */
  private seen: string | undefined;

  toggle(): void {
    this.enabled.value = !this.enabled.value;
  }

  /** Picks or unpicks a provider; refuses a fifth (returns false). */
  pick(providerId: string): boolean {
    const ids = this.providerIds.value;
    if (ids.includes(providerId)) {
      this.providerIds.value = ids.filter((id) => id !== providerId);
      return true;
    }
    if (ids.length >= COMPARE_MAX) return false;
    this.providerIds.value = [...ids, providerId];
    return true;
  }

  /** A conversation was shown: follow its own compare setting when it has one that changed. */
  follow(conversation: ConversationRecord): void {
    const key = `${conversation.id}\n${JSON.stringify(conversation.compare ?? null)}`;
    if (key === this.seen) return;
    const isNew = this.seen?.split('\n')[0] !== conversation.id;
    this.seen = key;
    const compare = conversation.compare;
    batch(() => {
      if (compare) {
        this.enabled.value = compare.enabled;
        this.providerIds.value = compare.providerIds.slice(0, COMPARE_MAX);
      } else if (isNew) {
        // A conversation never compared opens with compare off (the picks stay, for turning it on).
        this.enabled.value = false;
      }
    });
  }

  /** A new chat: nothing seen yet (the mode and picks stay as they were). */
  reset(): void {
    this.seen = undefined;
  }
}
