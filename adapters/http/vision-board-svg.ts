// Renders a vision board as a standalone SVG image (GET /vision-boards/:id.svg). Presentation
// only, so it lives in the HTTP adapter: layout, palette, fonts and currency formatting are
// choices of this one rendering, not rules of the board. Same board in, same bytes out.
import type { Money } from '../../domain/shared/money';
import type { BoardProduct, VisionBoard, VisionBoardSection } from '../../domain/vision-boards/vision-board';

const WIDTH = 1200;
const MARGIN = 48;
const COLUMNS = 3;
const GAP = 24;
const CARD_WIDTH = (WIDTH - 2 * MARGIN - (COLUMNS - 1) * GAP) / COLUMNS;
const CARD_PAD = 12;
const IMAGE_WIDTH = CARD_WIDTH - 2 * CARD_PAD;
const IMAGE_HEIGHT = 220;
const CARD_HEIGHT = 356;
const HEADER_HEIGHT = 188;
const SECTION_HEAD = 64;
const SECTION_GAP = 48;
const FOOTER_HEIGHT = 96;

const SANS = "Inter, 'Helvetica Neue', Helvetica, Arial, sans-serif";
const SERIF = "Georgia, 'Times New Roman', serif";
const INK = '#22303C';
const MUTED = '#6B7280';
const PAPER = '#F7F3ED';
const CREAM = '#FFF8EE';
/** One accent per section, in turn: terracotta, teal, ochre, sage, plum, denim. */
const ACCENTS = ['#D9734E', '#2F8F83', '#D4A245', '#6F9E76', '#8A5D8F', '#4A6FA5'] as const;

/** The board as an SVG document (UTF-8, with its XML declaration). */
export function visionBoardSvg(board: VisionBoard): string {
  const prefix = `vb-${board.id.replace(/[^A-Za-z0-9_-]/g, '')}`;
  const out: string[] = [];
  let y = HEADER_HEIGHT + 40;
  const sections = board.sections.map((section, index) => {
    const rendered = renderSection(section, index, y, prefix);
    y += rendered.height + SECTION_GAP;
    return rendered.svg;
  });
  const height = y - SECTION_GAP + FOOTER_HEIGHT;
  const productCount = board.sections.reduce((n, s) => n + s.products.length, 0);

  out.push('<?xml version="1.0" encoding="UTF-8"?>');
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" ` +
      `role="img" aria-labelledby="${prefix}-title ${prefix}-desc" font-family="${SANS}">`,
  );
  out.push(`<title id="${prefix}-title">${escapeXml(clean(board.title))}</title>`);
  out.push(`<desc id="${prefix}-desc">${escapeXml(describe(board))}</desc>`);
  out.push(defs(prefix));
  out.push(`<rect class="background" width="${WIDTH}" height="${height}" fill="${PAPER}"/>`);
  out.push(header(board, prefix, productCount));
  out.push(...sections);
  out.push(
    `<g class="footer"><line x1="${MARGIN}" y1="${height - FOOTER_HEIGHT + 36}" x2="${WIDTH - MARGIN}" y2="${height - FOOTER_HEIGHT + 36}" stroke="#E4DCCF"/>` +
      `<text x="${WIDTH / 2}" y="${height - 28}" text-anchor="middle" font-size="13" fill="${MUTED}" letter-spacing="0.4">` +
      `Built ${escapeXml(longDate(board.createdAt))} · Conversion Graph</text></g>`,
  );
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}

function defs(prefix: string): string {
  const gradients = ACCENTS.map(
    (accent, i) =>
      `<linearGradient id="${prefix}-placeholder-${i}" x1="0" y1="0" x2="1" y2="1">` +
      `<stop offset="0" stop-color="${mix(accent, '#FFFFFF', 0.55)}"/><stop offset="1" stop-color="${accent}"/></linearGradient>`,
  );
  return [
    '<defs>',
    `<linearGradient id="${prefix}-header" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#1F2B38"/><stop offset="1" stop-color="#34495E"/></linearGradient>`,
    ...gradients,
    // Cards are drawn in their own translated coordinates, so one clip serves every image.
    `<clipPath id="${prefix}-image-clip"><rect x="${CARD_PAD}" y="${CARD_PAD}" width="${IMAGE_WIDTH}" height="${IMAGE_HEIGHT}" rx="10"/></clipPath>`,
    '</defs>',
  ].join('\n');
}

function header(board: VisionBoard, prefix: string, productCount: number): string {
  const themes = board.sections.length;
  const subtitle = `${themes} ${themes === 1 ? 'theme' : 'themes'} · ${productCount} ${productCount === 1 ? 'pick' : 'picks'} · ${longDate(board.createdAt)}`;
  const title = fitText(clean(board.title), WIDTH - 2 * MARGIN, 42, 1.02);
  const dots = ACCENTS.map((accent, i) => `<circle cx="${MARGIN + 6 + i * 18}" cy="52" r="5" fill="${accent}"/>`).join('');
  return (
    `<g class="header"><rect width="${WIDTH}" height="${HEADER_HEIGHT}" fill="url(#${prefix}-header)"/>${dots}` +
    `<text x="${MARGIN}" y="116" font-family="${SERIF}" font-size="42" fill="${CREAM}">${escapeXml(title)}</text>` +
    `<text x="${MARGIN}" y="152" font-size="16" fill="#C9D3DD" letter-spacing="0.3">${escapeXml(subtitle)}</text></g>`
  );
}

function renderSection(section: VisionBoardSection, index: number, top: number, prefix: string): { svg: string; height: number } {
  const accent = ACCENTS[index % ACCENTS.length] ?? ACCENTS[0];
  const rows = Math.max(1, Math.ceil(section.products.length / COLUMNS));
  const height = SECTION_HEAD + rows * CARD_HEIGHT + (rows - 1) * GAP;
  const label = clean(section.dimension).toUpperCase();
  const labelText = fitText(label, 140, 11, 1.1, 0.9);
  const pillWidth = Math.ceil(textWidth(labelText, 11, 1.1, 0.9) + 20);
  const meterWidth = 150;
  const heading = fitText(clean(section.heading), WIDTH - 2 * MARGIN - 24 - pillWidth - 24 - meterWidth, 26, 1.05);
  const headingEnd = MARGIN + 20 + textWidth(heading, 26, 1.05);
  const filled = Math.round(Math.min(1, Math.max(0, section.weight)) * 5);
  const meter = Array.from({ length: 5 }, (_, i) => {
    const cx = WIDTH - MARGIN - 4 - (4 - i) * 14;
    return i < filled
      ? `<circle cx="${cx}" cy="${top + 25}" r="4.5" fill="${accent}"/>`
      : `<circle cx="${cx}" cy="${top + 25}" r="4" fill="none" stroke="${accent}" stroke-width="1.2" opacity="0.6"/>`;
  }).join('');
  const cards = section.products.map((product, i) => {
    const x = MARGIN + (i % COLUMNS) * (CARD_WIDTH + GAP);
    const y = top + SECTION_HEAD + Math.floor(i / COLUMNS) * (CARD_HEIGHT + GAP);
    return card(product, x, y, index % ACCENTS.length, accent, prefix);
  });
  const svg = [
    `<g class="section" id="${prefix}-section-${index + 1}" data-dimension="${escapeXml(clean(section.dimension))}" data-value="${escapeXml(clean(section.value))}">`,
    `<rect x="${MARGIN}" y="${top + 8}" width="6" height="30" rx="3" fill="${accent}"/>`,
    `<text class="heading" x="${MARGIN + 20}" y="${top + 33}" font-size="26" font-weight="600" fill="${INK}">${escapeXml(heading)}</text>`,
    `<rect x="${round(headingEnd + 16)}" y="${top + 13}" width="${pillWidth}" height="22" rx="11" fill="${mix(accent, '#FFFFFF', 0.82)}"/>`,
    `<text x="${round(headingEnd + 16 + pillWidth / 2)}" y="${top + 28}" text-anchor="middle" font-size="11" font-weight="600" letter-spacing="0.9" fill="${mix(accent, '#000000', 0.25)}">${escapeXml(labelText)}</text>`,
    `<text x="${WIDTH - MARGIN - 70 - 12}" y="${top + 29}" text-anchor="end" font-size="12" fill="${MUTED}">interest</text>`,
    meter,
    ...cards,
    '</g>',
  ].join('\n');
  return { svg, height };
}

function card(product: BoardProduct, x: number, y: number, palette: number, accent: string, prefix: string): string {
  const name = wrapText(clean(product.name), IMAGE_WIDTH, 17, 2, 1.04);
  const brand = product.brand ? fitText(clean(product.brand).toUpperCase(), IMAGE_WIDTH - 4, 11, 1.12, 1.2) : '';
  const price = formatMoney(product.price);
  const initial = Array.from(clean(product.name))[0]?.toLocaleUpperCase('en') ?? '·';
  const imageBottom = CARD_PAD + IMAGE_HEIGHT;
  const parts = [
    `<g class="product" transform="translate(${round(x)} ${round(y)})">`,
    `<title>${escapeXml(`${clean(product.name)} · ${price}`)}</title>`,
    `<rect x="0" y="4" width="${round(CARD_WIDTH)}" height="${CARD_HEIGHT}" rx="16" fill="#000000" opacity="0.05"/>`,
    `<rect x="0" y="1" width="${round(CARD_WIDTH)}" height="${CARD_HEIGHT}" rx="16" fill="#000000" opacity="0.04"/>`,
    `<rect width="${round(CARD_WIDTH)}" height="${CARD_HEIGHT}" rx="16" fill="#FFFFFF" stroke="#ECE5DA"/>`,
    // The placeholder is drawn under every image, so a picture that cannot load (SVG shown through
    // <img> loads no external resources) still leaves a tidy card.
    `<rect class="placeholder" x="${CARD_PAD}" y="${CARD_PAD}" width="${IMAGE_WIDTH}" height="${IMAGE_HEIGHT}" rx="10" fill="url(#${prefix}-placeholder-${palette})"/>`,
    `<g clip-path="url(#${prefix}-image-clip)"><circle cx="${CARD_PAD + IMAGE_WIDTH - 34}" cy="${CARD_PAD + 40}" r="64" fill="#FFFFFF" opacity="0.12"/>` +
      `<circle cx="${CARD_PAD + 46}" cy="${imageBottom - 30}" r="38" fill="#FFFFFF" opacity="0.10"/></g>`,
    `<text x="${CARD_PAD + IMAGE_WIDTH / 2}" y="${CARD_PAD + IMAGE_HEIGHT / 2 + 30}" text-anchor="middle" font-family="${SERIF}" font-size="84" fill="#FFFFFF" opacity="0.92">${escapeXml(initial)}</text>`,
  ];
  if (product.imageUrl) {
    parts.push(
      `<image href="${escapeXml(product.imageUrl)}" x="${CARD_PAD}" y="${CARD_PAD}" width="${IMAGE_WIDTH}" height="${IMAGE_HEIGHT}" ` +
        `preserveAspectRatio="xMidYMid slice" clip-path="url(#${prefix}-image-clip)"/>`,
    );
  }
  if (brand) {
    parts.push(`<text x="${CARD_PAD + 2}" y="${imageBottom + 26}" font-size="11" font-weight="600" letter-spacing="1.2" fill="${MUTED}">${escapeXml(brand)}</text>`);
  }
  name.forEach((line, i) => {
    parts.push(`<text class="name" x="${CARD_PAD + 2}" y="${imageBottom + 50 + i * 23}" font-size="17" font-weight="500" fill="${INK}">${escapeXml(line)}</text>`);
  });
  parts.push(`<text class="price" x="${CARD_PAD + 2}" y="${CARD_HEIGHT - 20}" font-size="20" font-weight="700" fill="${mix(accent, '#000000', 0.2)}">${escapeXml(price)}</text>`);
  parts.push('</g>');
  return parts.join('');
}

const describe = (board: VisionBoard): string =>
  board.sections.map((s) => `${clean(s.heading)}: ${s.products.map((p) => clean(p.name)).join(', ')}`).join('. ');

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
/** `25 November 2026`, in UTC, without Intl (the same everywhere). */
const longDate = (at: Date): string => `${at.getUTCDate()} ${MONTHS[at.getUTCMonth()] ?? ''} ${at.getUTCFullYear()}`;

/** `€12.50`, `$1,999.00`, `¥1,500`: minor units by the currency's own number of decimals. */
export function formatMoney(price: Money): string {
  try {
    const format = new Intl.NumberFormat('en-US', { style: 'currency', currency: price.currency });
    const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
    return format.format(price.amountCents / 10 ** digits);
  } catch {
    return `${(price.amountCents / 100).toFixed(2)} ${price.currency}`;
  }
}

/** Escapes the five XML specials, for text and attribute values alike. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/**
 * Whitespace collapsed, and characters XML 1.0 cannot carry at all (control characters, lone
 * surrogates, U+FFFE/U+FFFF) dropped: escaping cannot make those well-formed.
 */
export function clean(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    const allowed = code === 0x9 || code === 0xa || code === 0xd || (code >= 0x20 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || code >= 0x10000;
    if (allowed) out += ch;
  }
  return out.replace(/\s+/g, ' ').trim();
}

// SVG cannot measure text, so widths are estimated from rough per-character advances of a
// Helvetica-like face (in em): generous enough that estimated lines fit in practice.
function advance(ch: string): number {
  const code = ch.codePointAt(0) ?? 0;
  if (code >= 0x1100 && (code <= 0x115f || (code >= 0x2e80 && code <= 0xa4cf) || (code >= 0xac00 && code <= 0xd7a3) || (code >= 0xf900 && code <= 0xfaff) || (code >= 0xff00 && code <= 0xff60) || code >= 0x1f000)) return 1;
  if ("iljI.,:;|!'`".includes(ch)) return 0.28;
  if (ch === ' ' || 'ftr()[]{}-'.includes(ch)) return 0.34;
  if ('MW@'.includes(ch)) return 0.98;
  if ('mw'.includes(ch)) return 0.86;
  if (/[A-Z]/.test(ch)) return 0.68;
  if (/[0-9]/.test(ch)) return 0.56;
  if (/[a-z]/.test(ch)) return 0.54;
  return 0.62;
}

/** Estimated advance of `text`; `spacing` is the letter-spacing in px, added after every character. */
export function textWidth(text: string, fontSize: number, weight = 1, spacing = 0): number {
  let width = 0;
  for (const ch of text) width += advance(ch) * fontSize * weight + spacing;
  return width;
}

/** The text, cut with an ellipsis where it would run past `maxWidth`. */
export function fitText(text: string, maxWidth: number, fontSize: number, weight = 1, spacing = 0): string {
  if (textWidth(text, fontSize, weight, spacing) <= maxWidth) return text;
  const chars = Array.from(text);
  const room = maxWidth - textWidth('…', fontSize, weight, spacing);
  const step = (ch: string) => advance(ch) * fontSize * weight + spacing;
  let width = 0;
  let end = 0;
  while (end < chars.length && width + step(chars[end] ?? '') <= room) width += step(chars[end++] ?? '');
  return `${chars.slice(0, end).join('').trimEnd()}…`;
}

/** Up to `maxLines` lines broken at spaces (long words broken anywhere); the last one ellipsised if text is left. */
export function wrapText(text: string, maxWidth: number, fontSize: number, maxLines: number, weight = 1): string[] {
  const lines: string[] = [];
  let rest = text;
  while (rest && lines.length < maxLines) {
    if (lines.length === maxLines - 1 || textWidth(rest, fontSize, weight) <= maxWidth) {
      lines.push(fitText(rest, maxWidth, fontSize, weight));
      break;
    }
    const words = rest.split(' ');
    let line = '';
    let used = 0;
    for (const word of words) {
      const candidate = line ? `${line} ${word}` : word;
      if (textWidth(candidate, fontSize, weight) > maxWidth) break;
      line = candidate;
      used++;
    }
    if (used === 0) {
      // One word longer than the line: break it where it stops fitting.
      line = fitText(words[0] ?? '', maxWidth, fontSize, weight).slice(0, -1);
      const taken = Array.from(line).length;
      lines.push(line);
      rest = Array.from(rest).slice(taken).join('').trimStart();
    } else {
      lines.push(line);
      rest = words.slice(used).join(' ');
    }
  }
  return lines;
}

const round = (n: number): number => Math.round(n * 100) / 100;

/** `color` moved `amount` (0..1) of the way towards `target`; both #RRGGBB. */
function mix(color: string, target: string, amount: number): string {
  const channel = (hex: string, i: number) => parseInt(hex.slice(1 + 2 * i, 3 + 2 * i), 16);
  const parts = [0, 1, 2].map((i) => Math.round(channel(color, i) + (channel(target, i) - channel(color, i)) * amount));
  return `#${parts.map((p) => p.toString(16).padStart(2, '0')).join('').toUpperCase()}`;
}
