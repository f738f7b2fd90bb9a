// Export of a chart as it is seen: the figure's SVG, with the canvas layer (if any) embedded as a PNG
// beneath it and the computed styles written inline, so the file looks the same outside the app.

const SVG_NAMESPACE = 'http://www.w3.org/2000/svg';
const XLINK_NAMESPACE = 'http://www.w3.org/1999/xlink';

// The properties that decide how axes, text and marks look; the rest are left to SVG defaults.
const INLINED_PROPERTIES = [
  'color',
  'fill',
  'fill-opacity',
  'stroke',
  'stroke-width',
  'stroke-opacity',
  'stroke-dasharray',
  'stroke-linecap',
  'stroke-linejoin',
  'opacity',
  'font-family',
  'font-size',
  'font-weight',
  'font-style',
  'text-anchor',
  'dominant-baseline',
  'shape-rendering',
  'display',
  'visibility',
] as const;

// Values that are the SVG initial ones anyway: left out to keep the file readable.
const INITIAL_VALUES: Partial<Record<(typeof INLINED_PROPERTIES)[number], readonly string[]>> = {
  'fill-opacity': ['1'],
  'stroke-opacity': ['1'],
  'stroke-dasharray': ['none'],
  'stroke-linecap': ['butt'],
  'stroke-linejoin': ['miter'],
  opacity: ['1'],
  'font-weight': ['400', 'normal'],
  'font-style': ['normal'],
  'dominant-baseline': ['auto'],
  'shape-rendering': ['auto'],
  display: ['inline', 'block'],
  visibility: ['visible'],
};

export type CsvCell = string | number;

/** RFC 4180 text: CRLF between records, fields holding a comma, quote or line break quoted, quotes doubled. */
export function toCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  const lines = [header, ...rows].map((row) => row.map(csvField).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

function csvField(value: CsvCell): string {
  const text = typeof value === 'number' ? String(value) : value;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** A file name from a chart name: "A · sgns (W)" → "a-sgns-w.svg". */
export function exportFileName(name: string, extension: string): string {
  const stem = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return `${stem || 'chart'}.${extension}`;
}

/** A standalone SVG document of what the figure shows. */
export function chartSvg(figure: HTMLElement): string {
  return standaloneSvg(figure).text;
}

function standaloneSvg(figure: HTMLElement): { text: string; width: number; height: number } {
  const source = largestSvg(figure);
  const figureBox = figure.getBoundingClientRect();
  const frame = source ? source.getBoundingClientRect() : figureBox;
  const width = Math.max(1, Math.round(frame.width));
  const height = Math.max(1, Math.round(frame.height));

  const root = document.createElementNS(SVG_NAMESPACE, 'svg');
  if (source) {
    const clone = source.cloneNode(true) as SVGSVGElement;
    inlineStyles(source, clone);
    for (const child of Array.from(clone.childNodes)) root.append(child);
    for (const attribute of ['viewBox', 'preserveAspectRatio'] as const) {
      const value = source.getAttribute(attribute);
      if (value) root.setAttribute(attribute, value);
    }
  }
  root.setAttribute('xmlns', SVG_NAMESPACE);
  root.setAttribute('xmlns:xlink', XLINK_NAMESPACE);
  root.setAttribute('width', String(width));
  root.setAttribute('height', String(height));
  if (!root.hasAttribute('viewBox')) root.setAttribute('viewBox', `0 0 ${width} ${height}`);
  const rootStyle = getComputedStyle(source ?? figure);
  root.setAttribute('font-family', rootStyle.fontFamily);
  root.setAttribute('font-size', rootStyle.fontSize);

  const title = figure.getAttribute('aria-label');
  const underlay: Element[] = [];
  if (title) {
    const titleElement = document.createElementNS(SVG_NAMESPACE, 'title');
    titleElement.textContent = title;
    underlay.push(titleElement);
  }
  const background = document.createElementNS(SVG_NAMESPACE, 'rect');
  background.setAttribute('width', '100%');
  background.setAttribute('height', '100%');
  background.setAttribute('fill', backgroundColor(figure));
  underlay.push(background);

  for (const canvas of Array.from(figure.querySelectorAll('canvas'))) {
    const box = canvas.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) continue;
    const image = document.createElementNS(SVG_NAMESPACE, 'image');
    const href = canvas.toDataURL('image/png');
    image.setAttribute('href', href);
    image.setAttributeNS(XLINK_NAMESPACE, 'xlink:href', href);
    image.setAttribute('x', String(box.left - frame.left));
    image.setAttribute('y', String(box.top - frame.top));
    image.setAttribute('width', String(box.width));
    image.setAttribute('height', String(box.height));
    image.setAttribute('preserveAspectRatio', 'none');
    underlay.push(image);
  }
  root.prepend(...underlay);

  return { text: `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(root)}`, width, height };
}

export function downloadSvg(figure: HTMLElement, fileName: string): void {
  downloadBlob(new Blob([chartSvg(figure)], { type: 'image/svg+xml;charset=utf-8' }), fileName);
}

/** Renders the exported SVG into a canvas `scale` times the figure's CSS size. */
export async function downloadPng(figure: HTMLElement, fileName: string, scale = 2): Promise<void> {
  const { text, width, height } = standaloneSvg(figure);
  const url = URL.createObjectURL(new Blob([text], { type: 'image/svg+xml;charset=utf-8' }));
  try {
    const image = await loadImage(url);
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(width * scale);
    canvas.height = Math.round(height * scale);
    const context = canvas.getContext('2d');
    if (!context) throw new Error('This window cannot draw to a canvas, so the PNG could not be made.');
    context.drawImage(image, 0, 0, canvas.width, canvas.height);
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
    if (!blob) throw new Error('The chart could not be encoded as PNG.');
    downloadBlob(blob, fileName);
  } finally {
    URL.revokeObjectURL(url);
  }
}

export function downloadCsv(fileName: string, header: readonly string[], rows: readonly (readonly CsvCell[])[]): void {
  downloadBlob(new Blob([toCsv(header, rows)], { type: 'text/csv;charset=utf-8' }), fileName);
}

function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  // The download reads the URL after click() returns; revoke once it has had the chance to.
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function loadImage(url: string): Promise<HTMLImageElement> {
  return new Promise((resolve, reject) => {
    const image = new Image();
    image.onload = () => resolve(image);
    image.onerror = () => reject(new Error('The chart SVG could not be rendered to an image.'));
    image.src = url;
  });
}

// Icons in toolbars are SVGs too: the chart is the largest one.
function largestSvg(figure: HTMLElement): SVGSVGElement | null {
  let best: SVGSVGElement | null = null;
  let bestArea = -1;
  for (const svg of Array.from(figure.querySelectorAll('svg'))) {
    if (svg.ownerSVGElement) continue;
    const box = svg.getBoundingClientRect();
    const area = box.width * box.height;
    if (area > bestArea) {
      best = svg;
      bestArea = area;
    }
  }
  return best;
}

function inlineStyles(source: Element, clone: Element): void {
  const computed = getComputedStyle(source);
  const declarations: string[] = [];
  for (const property of INLINED_PROPERTIES) {
    const value = computed.getPropertyValue(property);
    if (value && !INITIAL_VALUES[property]?.includes(value)) declarations.push(`${property}:${value}`);
  }
  // The computed values already include the element's own inline style, with its var(--…) resolved.
  clone.setAttribute('style', declarations.join(';'));
  clone.removeAttribute('class');
  const sourceChildren = source.children;
  const cloneChildren = clone.children;
  for (let index = 0; index < sourceChildren.length && index < cloneChildren.length; index++) {
    inlineStyles(sourceChildren[index], cloneChildren[index]);
  }
}

function backgroundColor(element: HTMLElement): string {
  for (let node: HTMLElement | null = element; node; node = node.parentElement) {
    const color = getComputedStyle(node).backgroundColor;
    if (color && color !== 'transparent' && !/rgba\(.*,\s*0\)$/.test(color)) return color;
  }
  return '#ffffff';
}
