// The tab picker (docs/protocol.md: `tab-picker`, `tab-option` with `data-tab-id`): a searchable
// list of open tabs above the composer, opened by `@` at a word start or by its button. Arrows move,
// Enter adds the highlighted tab, Esc closes; a click adds one too. Picking asks for access to the
// tab's site inside that click or key press where Parley has none (TabContext.pick).
import { useEffect, useRef, useState } from 'preact/hooks';
import { t } from '../../shared/i18n';
import { hostOf, matchTabs, type OpenTab, type TabList, type TabSource } from '../tabs/tab-source';

export function TabPicker({
  source,
  picked,
  onPick,
  onClose,
}: {
  source: TabSource;
  /** Tab ids already in the message: not offered again. */
  picked: readonly number[];
  onPick(tab: OpenTab): void;
  onClose(): void;
}) {
  const [list, setList] = useState<TabList | undefined>(undefined);
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const search = useRef<HTMLInputElement>(null);
  const load = () =>
    void source
      .list()
      .then(setList)
      .catch(() => setList({ tabs: [], hidden: 0 }));
  useEffect(() => {
    load();
    search.current?.focus();
  }, []);

  const shown = matchTabs(list?.tabs ?? [], query).filter((tab) => !picked.includes(tab.id));
  const current = Math.min(active, Math.max(0, shown.length - 1));
  const pick = (tab: OpenTab | undefined) => {
    if (tab) onPick(tab);
  };
  const optionId = (tab: OpenTab) => `tab-option-${tab.id}`;

  return (
    <div
      class="tab-picker"
      data-testid="tab-picker"
      role="dialog"
      aria-label={t('tabPickerLabel')}
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          // Esc closes the picker only, never the reply or the view.
          event.preventDefault();
          event.stopPropagation();
          onClose();
        }
      }}
    >
      <input
        ref={search}
        type="search"
        class="tab-picker-search"
        data-testid="tab-picker-search"
        role="combobox"
        list={undefined}
        aria-expanded="true"
        aria-controls="tab-picker-list"
        aria-autocomplete="list"
        aria-activedescendant={shown[current] ? optionId(shown[current]) : undefined}
        aria-label={t('tabPickerSearch')}
        placeholder={t('tabPickerSearch')}
        value={query}
        onInput={(event) => {
          setQuery(event.currentTarget.value);
          setActive(0);
        }}
        onKeyDown={(event) => {
          if (event.isComposing) return;
          if (event.key === 'ArrowDown') {
            event.preventDefault();
            setActive(shown.length ? (current + 1) % shown.length : 0);
          } else if (event.key === 'ArrowUp') {
            event.preventDefault();
            setActive(shown.length ? (current - 1 + shown.length) % shown.length : 0);
          } else if (event.key === 'Enter') {
            event.preventDefault();
            pick(shown[current]);
          }
        }}
      />
      <ul
        id="tab-picker-list"
        class="tab-picker-list"
        role="listbox"
        aria-label={t('tabPickerLabel')}
      >
        {list === undefined && <li class="tab-picker-note">{t('tabPickerLoading')}</li>}
        {list !== undefined && shown.length === 0 && (
          <li class="tab-picker-note">{t('tabPickerEmpty')}</li>
        )}
        {shown.map((tab, index) => (
          <li
            key={tab.id}
            id={optionId(tab)}
            class="tab-option"
            data-testid="tab-option"
            data-tab-id={tab.id}
            role="option"
            aria-selected={index === current}
            onMouseMove={() => index !== current && setActive(index)}
            // mousedown would move the focus out of the search box first.
            onMouseDown={(event) => event.preventDefault()}
            onClick={() => pick(tab)}
          >
            <Favicon tab={tab} />
            <span class="tab-option-text">
              <span class="tab-option-title">{tab.title}</span>
              <span class="tab-option-host">
                {hostOf(tab.url)}
                {!tab.access && <span class="tab-option-asks"> · {t('tabPickerAsks')}</span>}
              </span>
            </span>
          </li>
        ))}
      </ul>
      {list !== undefined && list.hidden > 0 && (
        <p class="tab-picker-hidden">
          <span>{t('tabPickerHidden', String(list.hidden))}</span>
          <button
            type="button"
            class="button button-quiet"
            data-testid="tab-picker-show-all"
            onClick={() => {
              // The permission prompt needs this click: nothing is awaited before asking.
              void source.requestAllTabs().then((granted) => granted && load());
            }}
          >
            {t('tabPickerShowAll')}
          </button>
        </p>
      )}
      <p class="tab-picker-help" aria-hidden="true">
        {t('tabPickerHelp')}
      </p>
    </div>
  );
}

/** The tab's icon where the browser gave one; its host's first letter otherwise. */
function Favicon({ tab }: { tab: OpenTab }) {
  const [failed, setFailed] = useState(false);
  const src = tab.favIconUrl;
  if (src && !failed && /^(https?:|data:image\/)/i.test(src))
    return (
      <img
        class="tab-favicon"
        src={src}
        alt=""
        width={16}
        height={16}
        referrerpolicy="no-referrer"
        onError={() => setFailed(true)}
      />
    );
  return (
    <span class="tab-favicon tab-favicon-letter" aria-hidden="true">
      {(hostOf(tab.url)[0] ?? '?').toUpperCase()}
    </span>
  );
}
