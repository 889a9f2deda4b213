// A horizontal bar chart of req/s per scenario as a standalone SVG (no chart library): one
// bar per scenario and mode, the bare-Fastify baselines drawn grey so the eye finds them.

const escape = (text) => String(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** @param {Array<{ label: string, rps: number, baseline: boolean }>} bars */
export function barChartSvg(title, bars) {
  const rowHeight = 18;
  const labelWidth = 520;
  const plotWidth = 420;
  const top = 40;
  const max = Math.max(1, ...bars.map((b) => b.rps));
  const height = top + bars.length * rowHeight + 30;
  const width = labelWidth + plotWidth + 90;
  const rows = bars.map((b, i) => {
    const y = top + i * rowHeight;
    const w = Math.max(1, Math.round((b.rps / max) * plotWidth));
    return [
      `<text x="${labelWidth - 6}" y="${y + 13}" text-anchor="end">${escape(b.label)}</text>`,
      `<rect x="${labelWidth}" y="${y + 2}" width="${w}" height="${rowHeight - 4}" fill="${b.baseline ? '#9e9e9e' : '#3366cc'}"/>`,
      `<text x="${labelWidth + w + 4}" y="${y + 13}">${Math.round(b.rps)}</text>`,
    ].join('');
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="11">
<rect width="100%" height="100%" fill="white"/>
<text x="10" y="22" font-size="14" font-weight="bold">${escape(title)}</text>
${rows.join('\n')}
<line x1="${labelWidth}" y1="${top}" x2="${labelWidth}" y2="${top + bars.length * rowHeight}" stroke="black"/>
<text x="${labelWidth}" y="${height - 8}">req/s (grey: baselines)</text>
</svg>
`;
}
