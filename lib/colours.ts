// Shop colour names ("Cobalt blue", "Navy") grouped into the families a
// customer talks about ("blue"), so "loves blue" matches a navy coat.

const FAMILIES: Array<[family: string, words: string[]]> = [
  ["blue", ["blue", "navy", "cobalt", "indigo", "denim", "sapphire", "azure", "teal", "powder", "cornflower", "midnight"]],
  ["green", ["green", "olive", "sage", "emerald", "khaki", "forest", "mint"]],
  ["red", ["red", "burgundy", "wine", "crimson", "scarlet", "oxblood", "cherry", "rust"]],
  ["pink", ["pink", "blush", "rose", "fuchsia", "magenta"]],
  ["purple", ["purple", "lilac", "lavender", "plum", "violet"]],
  ["yellow", ["yellow", "mustard", "lemon", "gold", "ochre"]],
  ["orange", ["orange", "terracotta", "tangerine", "coral"]],
  ["brown", ["brown", "camel", "tan", "chocolate", "cognac", "mocha", "taupe", "caramel", "tobacco"]],
  ["white", ["white", "ivory", "cream", "ecru", "off-white", "bone"]],
  ["grey", ["grey", "gray", "charcoal", "silver", "slate", "stone", "heather"]],
  ["black", ["black", "jet", "onyx"]],
  ["beige", ["beige", "oat", "sand", "nude", "natural"]],
];

export function colourFamily(colourName: string): string {
  const words = colourName.toLowerCase().split(/[\s/-]+/);
  // The last word is usually the hue ("powder blue", "forest green").
  for (const word of [...words].reverse()) {
    for (const [family, names] of FAMILIES) if (names.includes(word)) return family;
  }
  return words.at(-1) ?? colourName.toLowerCase();
}
