// Flat product illustrations drawn on the server, because the app runs offline
// and cannot load photographs. The output is served as an HTTP response, so only
// validated colours and fixed path data ever reach the SVG text.

const FALLBACK_HEX = "#9a9a9a";
const HEX_PATTERN = /^#[0-9a-fA-F]{6}$/;
const CATEGORY_PATTERN = /^[a-z]+$/;
const BACKGROUND = "#f4f1ec";

function safeHex(hex: string): string {
  return HEX_PATTERN.test(hex) ? hex.toLowerCase() : FALLBACK_HEX;
}

/** Mixes a validated hex colour towards another by `amount` (0–1). */
function mix(hex: string, toward: string, amount: number): string {
  const channel = (value: string, start: number) => Number.parseInt(value.slice(start, start + 2), 16);
  let out = "#";
  for (const start of [1, 3, 5]) {
    const value = Math.round(channel(hex, start) * (1 - amount) + channel(toward, start) * amount);
    out += value.toString(16).padStart(2, "0");
  }
  return out;
}

function darken(hex: string, amount: number): string {
  return mix(hex, "#000000", amount);
}

function lighten(hex: string, amount: number): string {
  return mix(hex, "#ffffff", amount);
}

/** Perceived brightness, 0 (black) to 1 (white). */
function luminance(hex: string): number {
  const r = Number.parseInt(hex.slice(1, 3), 16);
  const g = Number.parseInt(hex.slice(3, 5), 16);
  const b = Number.parseInt(hex.slice(5, 7), 16);
  return (0.299 * r + 0.587 * g + 0.114 * b) / 255;
}

function escapeXml(value: string): string {
  return value.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

interface Palette {
  base: string;
  shade: string;
  deep: string;
  light: string;
  line: string;
  detail: string;
}

function paletteFor(hex: string): Palette {
  const dark = luminance(hex) < 0.22;
  return {
    base: hex,
    shade: dark ? lighten(hex, 0.1) : darken(hex, 0.12),
    deep: dark ? lighten(hex, 0.18) : darken(hex, 0.24),
    light: lighten(hex, dark ? 0.16 : 0.22),
    // Light colours need a firmer outline to stand off the cream background.
    line: dark ? darken(hex, 0.5) : darken(hex, luminance(hex) > 0.75 ? 0.42 : 0.36),
    detail: dark ? lighten(hex, 0.35) : darken(hex, 0.45),
  };
}

/** Mirrors a path drawn on the left half across the centre line (x = 120). */
function mirror(d: string): string {
  let index = 0;
  return d.replace(/-?\d+(\.\d+)?/g, (n) => (index++ % 2 === 0 ? String(240 - Number(n)) : n));
}

type Draw = (p: Palette) => string;

const coat: Draw = (p) => {
  const sleeve = "M80 60 Q62 66 58 90 L42 228 L66 232 L84 118 Z";
  const lapel = "M100 44 L120 132 L92 88 L102 76 L90 60 Z";
  return `
  <path d="${sleeve}" fill="${p.shade}"/><path d="${mirror(sleeve)}" fill="${p.shade}"/>
  <path d="M100 44 Q120 54 140 44 L162 58 Q172 64 172 82 L180 268 L60 268 L68 82 Q68 64 78 58 Z" fill="${p.base}"/>
  <path d="M120 132 L120 268" stroke="${p.line}" stroke-width="1.5" fill="none"/>
  <path d="${lapel}" fill="${p.deep}"/><path d="${mirror(lapel)}" fill="${p.deep}"/>
  <path d="M74 196 h24 M142 196 h24" stroke="${p.line}" stroke-width="2"/>
  ${[150, 184, 218].map((y) => `<circle cx="108" cy="${y}" r="4" fill="${p.detail}"/><circle cx="132" cy="${y}" r="4" fill="${p.detail}"/>`).join("")}
  <path d="M72 90 L70 262" stroke="${p.light}" stroke-width="3" opacity="0.6"/>`;
};

const jacket: Draw = (p) => {
  const sleeve = "M80 76 Q62 82 58 106 L46 214 L68 218 L84 130 Z";
  const lapel = "M100 60 L118 144 L94 104 L103 92 L91 76 Z";
  return `
  <path d="${sleeve}" fill="${p.shade}"/><path d="${mirror(sleeve)}" fill="${p.shade}"/>
  <path d="M100 60 Q120 70 140 60 L162 74 Q172 80 172 98 L174 222 Q150 228 122 220 L118 222 Q90 228 66 222 L68 98 Q68 80 78 74 Z" fill="${p.base}"/>
  <path d="${lapel}" fill="${p.deep}"/><path d="${mirror(lapel)}" fill="${p.deep}"/>
  <path d="M118 144 L120 220" stroke="${p.line}" stroke-width="1.5"/>
  <path d="M78 186 h22 M140 186 h22 M142 122 h16" stroke="${p.line}" stroke-width="2"/>
  <circle cx="124" cy="166" r="4" fill="${p.detail}"/>`;
};

const dress: Draw = (p) => `
  <path d="M96 40 L106 40 Q120 70 134 40 L144 40 Q146 70 156 92 Q148 116 146 136 L194 266 Q120 282 46 266 L94 136 Q92 116 84 92 Q94 70 96 40 Z" fill="${p.base}"/>
  <path d="M94 136 L146 136 L146 146 L94 146 Z" fill="${p.deep}"/>
  <path d="M106 146 L84 270 M134 146 L156 270 M120 146 L120 274" stroke="${p.shade}" stroke-width="3" fill="none"/>
  <path d="M100 60 Q96 96 98 130" stroke="${p.light}" stroke-width="3" fill="none" opacity="0.6"/>`;

const rib = (x1: number, x2: number, y: number, h: number) => {
  let lines = "";
  for (let x = x1 + 5; x < x2; x += 6) lines += `M${x} ${y} v${h} `;
  return lines;
};

const knitwear: Draw = (p) => {
  const sleeve = "M82 62 Q60 70 56 96 L44 222 L70 224 L86 120 Z";
  return `
  <path d="${sleeve}" fill="${p.shade}"/><path d="${mirror(sleeve)}" fill="${p.shade}"/>
  <path d="M44 210 L70 212 L70 226 L42 224 Z" fill="${p.deep}"/><path d="${mirror("M44 210 L70 212 L70 226 L42 224 Z")}" fill="${p.deep}"/>
  <path d="M98 52 Q120 64 142 52 L162 60 Q174 66 174 88 L172 236 L68 236 L66 88 Q66 66 78 60 Z" fill="${p.base}"/>
  <path d="M68 222 L172 222 L172 240 L68 240 Z" fill="${p.deep}"/>
  <path d="M98 52 Q120 64 142 52 L138 46 Q120 56 102 46 Z" fill="${p.deep}"/>
  <path d="${rib(68, 172, 224, 14)}" stroke="${p.shade}" stroke-width="1.5"/>
  <path d="M100 70 v146 M140 70 v146" stroke="${p.shade}" stroke-width="5" stroke-dasharray="6 3" opacity="0.6"/>`;
};

const shirt: Draw = (p) => {
  const sleeve = "M82 62 Q62 68 58 92 L46 214 L70 216 L86 118 Z";
  const collar = "M102 44 L120 70 L104 82 L94 58 Z";
  return `
  <path d="${sleeve}" fill="${p.shade}"/><path d="${mirror(sleeve)}" fill="${p.shade}"/>
  <path d="M46 204 L70 206 L70 218 L45 216 Z" fill="${p.deep}"/><path d="${mirror("M46 204 L70 206 L70 218 L45 216 Z")}" fill="${p.deep}"/>
  <path d="M100 48 Q120 56 140 48 L162 60 Q172 66 172 88 L172 236 Q146 250 120 242 Q94 250 68 236 L68 88 Q68 66 78 60 Z" fill="${p.base}"/>
  <path d="M114 68 L114 244 M126 68 L126 244" stroke="${p.shade}" stroke-width="1.5"/>
  <path d="${collar}" fill="${p.light}"/><path d="${mirror(collar)}" fill="${p.light}"/>
  ${[96, 130, 164, 198].map((y) => `<circle cx="120" cy="${y}" r="2.5" fill="${p.detail}"/>`).join("")}
  <path d="M80 96 h20 v18 h-20 Z" fill="none" stroke="${p.shade}" stroke-width="2"/>`;
};

const trousers: Draw = (p) => `
  <path d="M78 36 L162 36 L178 272 L130 272 L120 112 L110 272 L62 272 Z" fill="${p.base}"/>
  <path d="M78 36 L162 36 L163 50 L77 50 Z" fill="${p.deep}"/>
  <path d="M96 52 L86 270 M144 52 L154 270" stroke="${p.light}" stroke-width="2" opacity="0.7"/>
  <path d="M118 118 L108 270" stroke="${p.shade}" stroke-width="4"/>
  <path d="M120 50 L120 96 M80 58 Q94 62 98 76 M160 58 Q146 62 142 76" stroke="${p.line}" stroke-width="1.5" fill="none"/>`;

const skirt: Draw = (p) => `
  <path d="M90 66 L150 66 L190 250 Q120 264 50 250 Z" fill="${p.base}"/>
  <path d="M90 66 L150 66 L151 80 L89 80 Z" fill="${p.deep}"/>
  <path d="M104 80 L86 256 M120 80 L120 255 M136 80 L154 256" stroke="${p.shade}" stroke-width="3"/>
  <path d="M96 86 L72 236" stroke="${p.light}" stroke-width="3" opacity="0.6"/>`;

// A pump seen from the side, toe to the left, scaled up to fill the frame like the garments.
const shoes: Draw = (p) => `
  <ellipse cx="120" cy="240" rx="100" ry="6" fill="#000" opacity="0.06" stroke="none"/>
  <g transform="translate(-16 -36) scale(1.15)">
  <path d="M184 174 L200 172 L196 236 L190 236 Z" fill="${p.deep}"/>
  <path d="M30 226 Q28 210 48 204 Q92 192 120 178 Q168 156 198 120 Q206 146 204 160 Q204 172 196 176 Q150 190 112 228 L40 236 Q30 236 30 226 Z" fill="${p.base}"/>
  <path d="M120 178 Q168 156 198 120 L201 132 Q172 168 132 182 Z" fill="${p.deep}"/>
  <path d="M40 236 L112 228 Q150 190 196 176 L197 181 Q154 194 116 233 L42 240 Q32 240 31 232 Z" fill="${p.line}"/>
  <path d="M48 212 Q80 198 108 190" stroke="${p.light}" stroke-width="3" fill="none" opacity="0.7"/>
  </g>`;

const bags: Draw = (p) => `
  <path d="M86 124 Q86 56 120 56 Q154 56 154 124" stroke="${p.deep}" stroke-width="9" fill="none" stroke-linecap="round"/>
  <path d="M58 118 L182 118 L196 244 Q196 252 188 252 L52 252 Q44 252 44 244 Z" fill="${p.base}"/>
  <path d="M58 118 L182 118 L186 154 Q120 170 54 154 Z" fill="${p.shade}"/>
  <rect x="110" y="150" width="20" height="14" rx="3" fill="#c9a24a" stroke="#8a6d2c" stroke-width="1.5"/>
  <path d="M62 130 L52 244" stroke="${p.light}" stroke-width="3" opacity="0.6"/>`;

const fringe = (x: number, y: number, width: number) => {
  let lines = "";
  for (let dx = 3; dx < width; dx += 5) lines += `M${x + dx} ${y} v12 `;
  return lines;
};

const scarves: Draw = (p) => `
  <path d="M60 86 Q60 48 120 48 Q180 48 180 86 Q180 120 120 120 Q60 120 60 86 Z M84 86 Q84 108 120 108 Q156 108 156 86 Q156 64 120 64 Q84 64 84 86 Z" fill="${p.shade}" fill-rule="evenodd"/>
  <path d="M128 108 L166 110 L160 236 L124 232 Z" fill="${p.shade}"/>
  <path d="M92 106 L130 112 L118 252 L80 248 Z" fill="${p.base}"/>
  <path d="M86 214 L122 218 M85 226 L121 230" stroke="${p.light}" stroke-width="4"/>
  <path d="M126 200 L162 204" stroke="${p.deep}" stroke-width="4"/>
  <path d="${fringe(80, 248, 38)}" stroke="${p.base}" stroke-width="2" transform="rotate(4 99 254)"/>
  <path d="${fringe(124, 232, 36)}" stroke="${p.shade}" stroke-width="2" transform="rotate(3 142 238)"/>`;

// Shown on a display bust, dark for metals and pale stones, light for dark stones.
const jewellery: Draw = (p) => {
  const bust = luminance(p.base) > 0.45 ? ["#4b4650", "#3a3640"] : ["#e7e0d5", "#cfc5b6"];
  return `
  <path d="M70 30 Q72 96 40 128 Q30 150 36 280 L204 280 Q210 150 200 128 Q168 96 170 30 Z" fill="${bust[0]}" stroke="${bust[1]}" stroke-width="2"/>
  <path d="M72 92 Q120 206 168 92" stroke="${p.line}" stroke-width="5" fill="none" stroke-dasharray="1 5" stroke-linecap="round"/>
  <path d="M72 92 Q120 206 168 92" stroke="${p.base}" stroke-width="3" fill="none" stroke-dasharray="1 5" stroke-linecap="round"/>
  <path d="M120 150 L132 168 L120 192 L108 168 Z" fill="${p.base}" stroke="${p.line}" stroke-width="2" stroke-linejoin="round"/>
  <path d="M120 156 L126 168 L120 180 Z" fill="${p.light}"/>`;
};

const hangTag: Draw = (p) => `
  <path d="M120 40 Q150 60 140 98" stroke="#b9b0a3" stroke-width="2" fill="none"/>
  <path d="M80 100 L120 80 L160 100 L160 250 Q160 258 152 258 L88 258 Q80 258 80 250 Z" fill="${p.base}"/>
  <circle cx="120" cy="104" r="7" fill="${BACKGROUND}" stroke="${p.line}" stroke-width="2"/>
  <path d="M96 150 h48 M96 170 h48 M96 190 h30" stroke="${p.light}" stroke-width="4" stroke-linecap="round"/>`;

const DRAWINGS: Record<string, Draw> = {
  coats: coat,
  jackets: jacket,
  dresses: dress,
  knitwear,
  shirts: shirt,
  trousers,
  skirts: skirt,
  shoes,
  bags,
  scarves,
  jewellery,
};

export function productSvg(options: { category: string; hex: string; label?: string }): string {
  const palette = paletteFor(safeHex(options.hex));
  const draw = DRAWINGS[options.category] ?? hangTag;
  const title = options.label ? `<title>${escapeXml(options.label)}</title>` : "";
  // One stroke for every shape keeps the outlines even without repeating it on each path.
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 240 300" width="240" height="300" role="img">${title}
  <rect width="240" height="300" fill="${BACKGROUND}"/>
  <g stroke="${palette.line}" stroke-width="1.5" stroke-linejoin="round">${draw(palette)}</g>
</svg>`;
}

/** Public URL of a product's illustration, served by app/media/products/[file]. */
export function productImageUrl(category: string, hex: string): string {
  const safeCategory = CATEGORY_PATTERN.test(category) ? category : "item";
  return `/media/products/${safeCategory}-${safeHex(hex).slice(1)}.svg`;
}
