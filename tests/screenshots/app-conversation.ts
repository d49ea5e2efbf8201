// A real conversation for the full page's pictures: the kind of long markdown reply a person reads
// there (headings, a list, code, a table, a quote), in English and Russian.
export interface PicturedChat {
  /** Earlier conversations, for the sidebar: each a question the echo answers. */
  earlier: string[];
  question: string;
  reply: string;
  followUp: string;
}

const CODE = [
  '```ts',
  'export async function withRetry<T>(',
  '  run: (signal: AbortSignal) => Promise<T>,',
  '  { attempts = 4, baseMs = 250, signal }: RetryOptions,',
  '): Promise<T> {',
  '  for (let attempt = 1; ; attempt++) {',
  '    try {',
  '      return await run(signal);',
  '    } catch (error) {',
  '      if (attempt >= attempts || !isRetryable(error)) throw error;',
  '      // Full jitter: a random wait up to the exponential cap.',
  '      const cap = baseMs * 2 ** (attempt - 1);',
  '      await sleep(Math.random() * cap, signal);',
  '    }',
  '  }',
  '}',
  '```',
].join('\n');

export const PICTURED: Record<'en' | 'ru', PicturedChat> = {
  en: {
    earlier: [
      'Summarise the article on tide pools',
      'Draft a polite reply to the landlord',
      'What is the difference between TCP and QUIC?',
      'Ideas for a 7-year-old’s birthday party',
    ],
    question: 'How should I retry a flaky HTTP request in TypeScript without hammering the server?',
    reply: [
      '## Retry with exponential backoff and jitter',
      '',
      'Retrying at once, or at a fixed interval, makes every client hit a struggling server **at the same moment**. Spread the retries out instead:',
      '',
      '1. **Retry only what can succeed later** — timeouts, connection resets, `429` and `5xx`. Never retry a `400` or a `401`.',
      '2. **Grow the wait exponentially**: 250 ms, 500 ms, 1 s, 2 s…',
      '3. **Add jitter**, so clients that failed together do not come back together.',
      '4. **Honour `Retry-After`** when the server sends one.',
      '5. **Stop on abort** — the user may have closed the page.',
      '',
      CODE,
      '',
      '### Which errors to retry',
      '',
      '| Failure | Retry? | Why |',
      '|---|---|---|',
      '| Timeout, reset | Yes | Usually transient |',
      '| `429 Too Many Requests` | Yes, after `Retry-After` | The server asked you to wait |',
      '| `500`, `502`, `503` | Yes | Often a restart or an overload |',
      '| `400`, `401`, `404` | No | Sending it again will not change the answer |',
      '',
      '> With full jitter the expected wait is half the cap, and retries from many clients spread evenly instead of arriving in waves.',
      '',
      'Keep `attempts` small (3–5) for requests a person is waiting on, and log each retry with its reason so a failing dependency shows up in your metrics.',
    ].join('\n'),
    followUp: 'And how do I test it without waiting for real timeouts?',
  },
  ru: {
    earlier: [
      'Кратко перескажи статью о приливных лужах',
      'Вежливое письмо арендодателю',
      'Чем TCP отличается от QUIC?',
      'Идеи для дня рождения семилетки',
    ],
    question: 'Как повторять ненадёжный HTTP-запрос в TypeScript, не перегружая сервер?',
    reply: [
      '## Повтор с экспоненциальной задержкой и разбросом',
      '',
      'Если повторять сразу или через равные промежутки, все клиенты бьют в перегруженный сервер **в один и тот же момент**. Лучше развести повторы во времени:',
      '',
      '1. **Повторяйте только то, что может получиться позже** — таймауты, обрывы соединения, `429` и `5xx`. Никогда не повторяйте `400` или `401`.',
      '2. **Увеличивайте паузу экспоненциально**: 250 мс, 500 мс, 1 с, 2 с…',
      '3. **Добавьте случайный разброс**, чтобы клиенты, упавшие вместе, не вернулись вместе.',
      '4. **Учитывайте `Retry-After`**, если сервер его прислал.',
      '5. **Останавливайтесь по отмене** — пользователь мог закрыть страницу.',
      '',
      CODE,
      '',
      '### Какие ошибки повторять',
      '',
      '| Сбой | Повторять? | Почему |',
      '|---|---|---|',
      '| Таймаут, обрыв | Да | Обычно временный |',
      '| `429 Too Many Requests` | Да, после `Retry-After` | Сервер просит подождать |',
      '| `500`, `502`, `503` | Да | Часто перезапуск или перегрузка |',
      '| `400`, `401`, `404` | Нет | Повтор не изменит ответ |',
      '',
      '> При полном разбросе средняя пауза — половина предела, и повторы от многих клиентов распределяются равномерно, а не приходят волнами.',
      '',
      'Для запросов, которых ждёт человек, держите `attempts` небольшим (3–5) и записывайте в журнал каждый повтор с причиной — так отказ зависимости будет виден в метриках.',
    ].join('\n'),
    followUp: 'А как это протестировать, не дожидаясь настоящих таймаутов?',
  },
};
