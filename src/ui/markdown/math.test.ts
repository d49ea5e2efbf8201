// @vitest-environment jsdom
// DOMPurify does not support happy-dom (cure53/DOMPurify#1457): the renderer is tested in jsdom.
import { describe, expect, it } from 'vitest';
import { markdownToMarkup } from './render-html';
import { drawMath } from './math-render';
import { sanitizeRich } from './render-html';
import { renderTokens } from './render-html';
import { SYNTAX } from './block-splitter';
import { slices, SLICE_CHARS } from './highlight';
import { defuseMarkup } from './diagram-source';

const texOf = (markdown: string) =>
  [...markdownToMarkup(markdown).matchAll(/data-tex="([^"]*)"/g)].map((m) => m[1]);

function drawn(markdown: string): HTMLElement {
  const holder = document.createElement('div');
  holder.append(renderTokens(SYNTAX.lexer(markdown)));
  document.body.append(holder);
  drawMath(holder);
  return holder;
}

describe('math syntax', () => {
  it('finds the four delimiters models write', () => {
    expect(texOf('Energy $E = mc^2$ and \\(a+b\\).')).toEqual(['E = mc^2', 'a+b']);
    expect(texOf('$$\n\\int_0^1 x\\,dx\n$$\n')).toEqual(['\\int_0^1 x\\,dx']);
    expect(texOf('\\[\nx^2\n\\]\n')).toEqual(['x^2']);
    expect(texOf('inline display $$x^2$$ here')).toEqual(['x^2']);
  });

  it('leaves money alone', () => {
    for (const prose of [
      'It costs $5 and $10.',
      'Between $5 and $10, or $ 3.',
      'Pay $20,$30 more', // a closer followed by a digit does not close
      'Escaped \\$x\\$ stays text',
      'A lone $ sign',
    ])
      expect(texOf(prose), prose).toEqual([]);
    expect(markdownToMarkup('It costs $5 and $10.')).toBe('<p>It costs $5 and $10.</p>\n');
  });

  it('keeps code spans and fences as code', () => {
    expect(texOf('`$x$` and\n\n```\n$$\ny\n$$\n```\n')).toEqual([]);
  });

  it('shows an open display block as its source, with nothing to draw', () => {
    expect(markdownToMarkup('$$\n\\frac{1}{')).toBe(
      '<div class="md-math md-math-display">$$\n\\frac{1}{</div>\n',
    );
  });
});

describe('math drawing', () => {
  it('draws inline and display formulas with KaTeX', () => {
    const root = drawn('Energy $E = mc^2$.\n\n$$\n\\sum_{i=1}^n i\n$$\n');
    const [inline, display] = [...root.querySelectorAll<HTMLElement>('.md-math')];
    expect(inline!.classList.contains('md-math-drawn')).toBe(true);
    expect(inline!.querySelector('.katex')).not.toBeNull();
    expect(inline!.querySelector('.katex-display')).toBeNull();
    expect(display!.querySelector('.katex-display')).not.toBeNull();
    expect(inline!.querySelector('.katex-html')).not.toBeNull();
    expect(inline!.title).toBe('E = mc^2');
  });

  it('makes no link, image or script out of TeX', () => {
    const root = drawn(
      'A $\\href{javascript:alert(1)}{x}$ B $\\url{https://evil.example/}$ C $\\includegraphics{https://evil.example/a.png}$ D $\\htmlStyle{background:url(https://evil.example/)}{y}$',
    );
    expect(root.querySelectorAll('.md-math-drawn')).toHaveLength(4);
    expect(root.querySelector('a, img, script, [href], [src]')).toBeNull();
    // The commands show as (error-coloured) text; no attribute but the TeX source itself (data-tex,
    // title: plain text) carries their URLs.
    for (const element of root.querySelectorAll('*'))
      for (const attribute of element.attributes)
        if (attribute.name !== 'data-tex' && attribute.name !== 'title')
          expect(attribute.value, attribute.name).not.toMatch(/evil\.example|javascript:/);
  });

  it('renders a TeX error in place instead of throwing', () => {
    const root = drawn('bad $\\frac{1}$ end');
    expect(root.querySelector('.md-math-drawn')).not.toBeNull();
    expect(root.textContent).toContain('end');
  });
});

describe('rich output sanitiser', () => {
  it('drops links, images, foreign objects, scripts and remote CSS from SVG', () => {
    const fragment = sanitizeRich(
      '<svg><style>@import url(https://evil.example/x.css); .a{fill:red}</style><a href="https://x.example/"><text>t</text></a><image href="https://evil.example/i.png"/><foreignObject><div>h</div></foreignObject><script>alert(1)</script><rect style="fill:url(https://evil.example/p)" marker-end="url(#arrow)"/></svg>',
    );
    const holder = document.createElement('div');
    holder.append(fragment);
    expect(holder.querySelector('a[href], [href], image, foreignObject, script')).toBeNull();
    expect(holder.innerHTML).not.toContain('evil.example');
    expect(holder.querySelector('rect')?.getAttribute('marker-end')).toBe('url(#arrow)');
  });
});

describe('highlight slices', () => {
  it('cuts a long block at line ends into slices that add up to it', () => {
    const text = Array.from({ length: 2_000 }, (_, i) =>
      i % 40 === 39 ? '' : `const v${i} = ${i};`,
    ).join('\n');
    const parts = slices(text);
    expect(parts.join('')).toBe(text);
    expect(parts.length).toBeGreaterThan(5);
    for (const part of parts.slice(0, -1)) {
      expect(part.endsWith('\n')).toBe(true);
      expect(part.length).toBeLessThanOrEqual(SLICE_CHARS + 1);
    }
    expect(slices('short')).toEqual(['short']);
  });
});

describe('diagram source', () => {
  it('writes tags that could load or run as text before Mermaid sees them', () => {
    expect(defuseMarkup('A["<img src=x onerror=alert(1)>"] --> B')).toBe(
      'A["#lt;img src=x onerror=alert(1)>"] --> B',
    );
    expect(defuseMarkup('A[<svg onload=x>] --> B[</script><script>]')).toBe(
      'A[#lt;svg onload=x>] --> B[#lt;/script>#lt;script>]',
    );
    // Label formatting, arrows and annotations are Mermaid syntax and stay.
    for (const kept of [
      'A[one<br>two] --> B[<b>bold</b>]',
      'A <--> B',
      'Animal <|-- Duck',
      'class Shape{\n  <<interface>>\n}',
      'Alice<<->>Bob: hi',
    ])
      expect(defuseMarkup(kept)).toBe(kept);
    expect(defuseMarkup('<<img src=x onerror=y>>')).toBe('<#lt;img src=x onerror=y>>');
  });
});
