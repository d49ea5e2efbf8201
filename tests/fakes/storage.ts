// A behavioural fake of a browser.storage area: it really stores (as JSON, like Chrome), and fires
// onChanged with { key: { oldValue, newValue } } after every write, asynchronously as the browser does.

type Change = Record<string, { oldValue?: unknown; newValue?: unknown }>;
type Listener = (changes: Change) => void;

export interface FakeStorageArea {
  get(keys?: string | string[] | null): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(keys: string | string[]): Promise<void>;
  clear(): Promise<void>;
  onChanged: { addListener(l: Listener): void; removeListener(l: Listener): void };
  /** The raw contents, for assertions. */
  snapshot(): Record<string, unknown>;
}

export function createStorageArea(initial: Record<string, unknown> = {}): FakeStorageArea {
  const data = new Map<string, string>(
    Object.entries(initial).map(([k, v]) => [k, JSON.stringify(v)]),
  );
  const listeners = new Set<Listener>();
  const emit = (changes: Change) => {
    if (Object.keys(changes).length === 0) return;
    queueMicrotask(() => listeners.forEach((l) => l(changes)));
  };
  const read = (key: string) => {
    const raw = data.get(key);
    return raw === undefined ? undefined : (JSON.parse(raw) as unknown);
  };
  return {
    async get(keys) {
      const wanted = keys == null ? [...data.keys()] : Array.isArray(keys) ? keys : [keys];
      const out: Record<string, unknown> = {};
      for (const key of wanted) if (data.has(key)) out[key] = read(key);
      return out;
    },
    async set(items) {
      const changes: Change = {};
      for (const [key, value] of Object.entries(items)) {
        changes[key] = { oldValue: read(key), newValue: JSON.parse(JSON.stringify(value)) };
        data.set(key, JSON.stringify(value));
      }
      emit(changes);
    },
    async remove(keys) {
      const changes: Change = {};
      for (const key of Array.isArray(keys) ? keys : [keys]) {
        if (!data.has(key)) continue;
        changes[key] = { oldValue: read(key) };
        data.delete(key);
      }
      emit(changes);
    },
    async clear() {
      const changes: Change = {};
      for (const key of data.keys()) changes[key] = { oldValue: read(key) };
      data.clear();
      emit(changes);
    },
    onChanged: {
      addListener: (l) => listeners.add(l),
      removeListener: (l) => listeners.delete(l),
    },
    snapshot: () => Object.fromEntries([...data.keys()].map((k) => [k, read(k)])),
  };
}
