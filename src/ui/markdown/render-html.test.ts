// @vitest-environment jsdom
// DOMPurify does not support happy-dom (cure53/DOMPurify#1457): the renderer is tested in jsdom.
import { describe, expect, it } from 'vitest';
import { renderMarkdownToHtml, renderTokens } from './render-html';
import { Lexer } from 'marked';

function render(markdown: string): HTMLElement {
  const holder = document.createElement('div');
  holder.append(renderTokens(Lexer.lex(markdown, { gfm: true })));
  return holder;
}

describe('markdown rendering of untrusted model output', () => {
  it('renders CommonMark and GFM: headings, emphasis, lists, tables, task lists, strikethrough', () => {
    const el = render(
      '# Title\n\n**bold** *em* ~~gone~~ `code`\n\n- a\n- b\n\n| x | y |\n|---|--:|\n| 1 | 2 |\n\n- [x] done\n- [ ] todo\n',
    );
    expect(el.querySelector('h1')?.textContent).toBe('Title');
    expect(el.querySelector('strong')?.textContent).toBe('bold');
    expect(el.querySelector('em')?.textContent).toBe('em');
    expect(el.querySelector('del')?.textContent).toBe('gone');
    expect(el.querySelector('code')?.textContent).toBe('code');
    expect(el.querySelectorAll('ul')[0]?.querySelectorAll('li')).toHaveLength(2);
    expect([...el.querySelectorAll('td')].map((td) => td.textContent)).toEqual(['1', '2']);
    expect(el.querySelector('td:last-child')?.getAttribute('align')).toBe('right');
    const boxes = [...el.querySelectorAll('input')];
    expect(boxes.map((b) => [b.type, b.checked, b.disabled])).toEqual([
      ['checkbox', true, true],
      ['checkbox', false, true],
    ]);
  });

  it('shows raw HTML as text: no script, no event handlers, no elements from the model', () => {
    const el = render(
      '<script>window.pwned = 1</script>\n\nHi <img src=x onerror="window.pwned=2"> and <a href="javascript:alert(1)" onclick="x()">a</a>\n\n<div onmouseover="alert(1)">block</div>\n\n<iframe src="https://evil.example/"></iframe><style>*{display:none}</style>',
    );
    for (const tag of ['script', 'img', 'iframe', 'style', 'div', 'a'])
      expect(el.querySelector(tag), tag).toBeNull();
    expect(el.innerHTML).not.toMatch(/<[a-z]+[^>]*\son\w+=/i);
    expect(el.textContent).toContain('<script>window.pwned = 1</script>');
    expect(el.textContent).toContain('<img src=x onerror="window.pwned=2">');
  });

  it('keeps only http, https and mailto links, opened in a new tab without an opener', () => {
    const el = render(
      [
        '[web](https://example.com/a?b=1) [plain](http://example.com) [mail](mailto:me@example.com)',
        '[js](javascript:alert(1)) [JS](JAVASCRIPT:alert(1)) [spaced]( javascript:alert(1))',
        '[entity](jav&#x61;script:alert(1)) [data](data:text/html,<script>alert(1)</script>)',
        '[vb](vbscript:msgbox) [rel](/options.html) [file](file:///etc/passwd) <https://auto.example/x> www.example.org',
      ].join('\n\n'),
    );
    const links = [...el.querySelectorAll('a')].map((a) => [
      a.textContent,
      a.getAttribute('href'),
      a.getAttribute('target'),
      a.getAttribute('rel'),
    ]);
    expect(links).toEqual([
      ['web', 'https://example.com/a?b=1', '_blank', 'noopener noreferrer'],
      ['plain', 'http://example.com/', '_blank', 'noopener noreferrer'],
      ['mail', 'mailto:me@example.com', '_blank', 'noopener noreferrer'],
      ['https://auto.example/x', 'https://auto.example/x', '_blank', 'noopener noreferrer'],
      ['www.example.org', 'http://www.example.org/', '_blank', 'noopener noreferrer'],
    ]);
    // The refused links keep their words as plain text.
    for (const word of ['js', 'JS', 'spaced', 'entity', 'data', 'vb', 'rel', 'file'])
      expect(el.textContent).toContain(word);
  });

  it('never loads a remote image: it becomes a link showing its URL', () => {
    const el = render(
      '![chart](https://tracker.example/pixel.png?q=secret "t") ![local](data:image/png;base64,AAAA) ![bad](javascript:alert(1))',
    );
    expect(el.querySelector('img')).toBeNull();
    const links = [...el.querySelectorAll('a')];
    expect(links).toHaveLength(1);
    expect(links[0]!.className).toBe('md-image');
    expect(links[0]!.getAttribute('href')).toBe('https://tracker.example/pixel.png?q=secret');
    expect(links[0]!.textContent).toBe('https://tracker.example/pixel.png?q=secret');
    expect(links[0]!.getAttribute('title')).toBe('chart');
    expect(links[0]!.getAttribute('rel')).toBe('noopener noreferrer');
    expect(el.textContent).toContain('local');
    expect(el.textContent).toContain('bad');
  });

  it('marks a fence with its declared language only, and refuses odd language names', () => {
    const el = render('```ts\nlet a = 1;\n```\n\n```js"><img src=x>\nx\n```\n\n```\nplain\n```\n');
    const pres = [...el.querySelectorAll('pre')];
    expect(pres.map((p) => p.dataset.lang ?? null)).toEqual(['ts', null, null]);
    expect(pres[0]!.querySelector('code')!.className).toBe('language-ts');
    expect(el.querySelector('img')).toBeNull();
  });

  it('has the visible text as textContent: no layout newlines between blocks', () => {
    expect(render('Hi there').textContent).toBe('Hi there');
    expect(render('Once upon a time, ').textContent).toBe('Once upon a time, ');
    expect(render('one\n\ntwo\n\n- a\n- b').textContent).toBe('onetwoab');
    expect(render('**a** *b*').textContent).toBe('a b');
    expect(render('```\nline 1\nline 2\n```').textContent).toBe('line 1\nline 2');
  });

  it('renders a whole text the same way through the string path', () => {
    expect(renderMarkdownToHtml('a *b*')).toBe('<p>a <em>b</em></p>');
  });
});
