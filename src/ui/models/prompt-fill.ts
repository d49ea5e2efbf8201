// Filling a saved prompt's variables for the composer (issue 13), by the one rule of
// shared/prompt-variables.ts. {{selection}}, {{url}} and {{title}} come from the ask the view holds
// (an ask about a selection from the context menu), else from the active tab where the browser
// lets Parley read it without a new permission; {{clipboard}} from the clipboard. A variable that
// cannot be filled stays in the text, with a note saying why — never a silent empty. Only the
// variables the prompt itself names are read: page text that holds `{{clipboard}}` reads nothing.
import { expandVariables, variablesIn, type PromptVariable } from '../../shared/prompt-variables';
import { languageName } from '../../shared/prompts';

/** What a view can tell about the page (none of it may be known). */
export interface PageFacts {
  url?: string;
  title?: string;
  selection?: string;
}

export interface PromptSources {
  /** The ask the view holds: its page and the selection asked about. */
  ask(): PageFacts;
  /** The active tab, as far as it can be read without a new permission. */
  activeTab?(): Promise<PageFacts>;
  /** The clipboard's text; rejects when the browser refuses. */
  clipboard?(): Promise<string>;
  /** The UI language, for {{language}}. */
  uiLanguage: string;
}

export type FillProblem = 'no-selection' | 'no-page' | 'clipboard-refused' | 'clipboard-empty';

export interface FillNote {
  variable: PromptVariable;
  problem: FillProblem;
}

const present = (value: string | undefined) => (value?.trim() ? value : undefined);

export async function fillPrompt(
  text: string,
  sources: PromptSources,
): Promise<{ text: string; notes: FillNote[] }> {
  const wanted = new Set(variablesIn(text));
  const values: Partial<Record<PromptVariable, string>> = {};
  const notes: FillNote[] = [];
  const ask = sources.ask();
  const pageWanted = (['selection', 'url', 'title'] as const).filter((v) => wanted.has(v));
  const fromAsk: PageFacts = {
    selection: present(ask.selection),
    url: present(ask.url),
    title: present(ask.title),
  };
  // The tab is read only when the ask lacks something the prompt wants.
  const tab =
    pageWanted.some((v) => fromAsk[v] === undefined) && sources.activeTab
      ? await sources.activeTab().catch((): PageFacts => ({}))
      : {};
  for (const variable of pageWanted) {
    const value = fromAsk[variable] ?? present(tab[variable]);
    if (value !== undefined) values[variable] = value;
    else notes.push({ variable, problem: variable === 'selection' ? 'no-selection' : 'no-page' });
  }
  if (wanted.has('clipboard')) {
    try {
      if (!sources.clipboard) throw new Error('no clipboard here');
      const clip = await sources.clipboard();
      if (clip === '') notes.push({ variable: 'clipboard', problem: 'clipboard-empty' });
      else values.clipboard = clip;
    } catch {
      notes.push({ variable: 'clipboard', problem: 'clipboard-refused' });
    }
  }
  if (wanted.has('language')) values.language = languageName(sources.uiLanguage);
  return { text: expandVariables(text, values).text, notes };
}
