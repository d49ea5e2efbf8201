// Where a page's main-thread time goes, from a Chrome trace (BENCH_TRACE=1 in bench/compare). The
// bench's figure is CDP's TaskDuration for the page; this checks it against the trace — the
// top-level tasks on the CrRendererMain thread of the process that hosts the page's frame — and
// breaks that time down by trace event (script, style, layout, paint…) and by JavaScript function
// (the V8 sampling profiler's self time). A diagnosis tool: tracing costs time of its own, so the
// figures the bench asserts come from runs without it.
import type { CDPSession, Page } from 'playwright-core';

interface TraceEvent {
  name: string;
  cat: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  id?: string;
  args?: Record<string, unknown>;
}

export interface MainThreadBreakdown {
  /** Sum of the top-level tasks on the page's renderer main thread, ms. */
  mainThreadMs: number;
  /** URLs of the frames the same renderer process hosted (time on its main thread is theirs too). */
  framesInProcess: string[];
  /** Self time by trace event name, ms, largest first. */
  byEvent: [string, number][];
  /** JavaScript self time by function (name url:line), ms, largest first. */
  byFunction: [string, number][];
}

const CATEGORIES = [
  '__metadata',
  'toplevel',
  'disabled-by-default-devtools.timeline',
  'devtools.timeline',
  'v8.execute',
  'disabled-by-default-v8.cpu_profiler',
];

export async function startTrace(page: Page): Promise<() => Promise<MainThreadBreakdown>> {
  const cdp: CDPSession = await page.context().newCDPSession(page);
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', (e) => events.push(...(e.value as unknown as TraceEvent[])));
  await cdp.send('Tracing.start', {
    transferMode: 'ReportEvents',
    traceConfig: { includedCategories: CATEGORIES, excludedCategories: ['*'] },
  });
  return async () => {
    const complete = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
    await cdp.send('Tracing.end');
    await complete;
    await cdp.detach();
    return breakdown(events, page.url());
  };
}

function breakdown(events: TraceEvent[], pageUrl: string): MainThreadBreakdown {
  // The page's frame → its renderer process (DevTools reads it the same way).
  const frames = events.flatMap((e) =>
    e.name === 'TracingStartedInBrowser' || e.name === 'FrameCommittedInBrowser'
      ? (((e.args?.data as { frames?: unknown[] })?.frames ?? [e.args?.data]) as {
          url?: string;
          processId?: number;
        }[])
      : [],
  );
  // The address without its fragment: the page changes `#conversation=` as it goes.
  const base = (url: string | undefined) => url?.split('#')[0];
  const pid = frames.find((f) => base(f?.url) === base(pageUrl) && f.processId)?.processId;
  if (pid === undefined) throw new Error(`no renderer process found for ${pageUrl} in the trace`);
  const tid = events.find(
    (e) =>
      e.ph === 'M' &&
      e.name === 'thread_name' &&
      e.pid === pid &&
      e.args?.name === 'CrRendererMain',
  )?.tid;
  if (tid === undefined) throw new Error(`no CrRendererMain thread in process ${pid}`);
  const framesInProcess = [
    ...new Set(frames.filter((f) => f?.processId === pid && f.url).map((f) => f.url!)),
  ];

  // Complete events on that thread, outermost first; a task's self time is its duration less its
  // children's (nested events on one thread never overlap partially).
  const onThread = events
    .filter((e) => e.pid === pid && e.tid === tid && e.ph === 'X' && e.dur !== undefined)
    .sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);
  const byEvent = new Map<string, number>();
  const stack: { end: number; name: string }[] = [];
  let mainThreadMs = 0;
  const charge = (name: string, us: number) =>
    byEvent.set(name, (byEvent.get(name) ?? 0) + us / 1000);
  for (const e of onThread) {
    while (stack.length && stack.at(-1)!.end <= e.ts) stack.pop();
    if (stack.length === 0) {
      if (e.name !== 'RunTask' && e.name !== 'ThreadControllerImpl::RunTask') continue;
      mainThreadMs += e.dur! / 1000;
    } else charge(stack.at(-1)!.name, -e.dur!);
    charge(e.name, e.dur!);
    stack.push({ end: e.ts + e.dur!, name: e.name });
  }

  // V8's sampling profiler in the trace: ProfileChunk events carry nodes and samples.
  const nodes = new Map<number, string>();
  const byFunction = new Map<number, number>();
  // The process runs other isolates too (the extension's service worker): only the main thread's.
  const profiles = new Set(
    events.filter((e) => e.name === 'Profile' && e.pid === pid && e.tid === tid).map((e) => e.id),
  );
  for (const e of events) {
    if (e.pid !== pid || e.name !== 'ProfileChunk' || !profiles.has(e.id)) continue;
    const data = (
      e.args?.data as {
        cpuProfile?: {
          nodes?: {
            id: number;
            callFrame: { functionName: string; url: string; lineNumber: number };
          }[];
          samples?: number[];
        };
        timeDeltas?: number[];
      }
    )?.cpuProfile;
    for (const node of data?.nodes ?? []) {
      const { functionName, url = '', lineNumber = 0 } = node.callFrame;
      nodes.set(
        node.id,
        `${functionName || '(anonymous)'} ${url.split('/').pop() ?? ''}:${lineNumber + 1}`,
      );
    }
    const deltas = (e.args?.data as { timeDeltas?: number[] }).timeDeltas ?? [];
    (data?.samples ?? []).forEach((id, i) =>
      byFunction.set(id, (byFunction.get(id) ?? 0) + (deltas[i] ?? 0) / 1000),
    );
  }
  const functions = new Map<string, number>();
  for (const [id, ms] of byFunction) {
    const name = nodes.get(id) ?? `node ${id}`;
    functions.set(name, (functions.get(name) ?? 0) + ms);
  }
  const top = (m: Map<string, number>) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 25)
      .map(([k, v]) => [k, Math.round(v)] as [string, number]);
  return { mainThreadMs, framesInProcess, byEvent: top(byEvent), byFunction: top(functions) };
}
