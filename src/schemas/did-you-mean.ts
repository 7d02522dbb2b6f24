/** Edit distance (Levenshtein) between two short strings; one row of memory. */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length]!;
}

function tokens(s: string): string[] {
  return s.toLowerCase().split(/[-_.]+|(?<=[a-z])(?=[A-Z])/).filter(Boolean);
}

/** Every word of `word` appears in `candidate` (`openai_key` ⊂ `openai_api_key`). */
function wordsContained(word: string, candidate: string): boolean {
  const w = tokens(word);
  const c = new Set(tokens(candidate));
  return w.length >= 2 && w.every((t) => c.has(t));
}

/**
 * The candidate nearest to `word`, if it is near enough to be a plausible typo: a small edit
 * distance, a case or `-`/`_` difference (`servedEntities` → `served_entities`), or a missing
 * word (`openai_key` → `openai_api_key`).
 *
 * @example
 * closestMatch("serverd_entities", ["served_entities", "served_models"]); // "served_entities"
 */
export function closestMatch(word: string, candidates: readonly string[]): string | undefined {
  const norm = (s: string): string => s.toLowerCase().replace(/[-_]/g, "");
  const w = norm(word);
  const limit = Math.max(2, Math.floor(word.length / 3));
  let best: string | undefined;
  let bestScore = Infinity;
  for (const c of candidates) {
    const d = w === norm(c) ? 0 : distance(word.toLowerCase(), c.toLowerCase());
    if (d > limit && !wordsContained(word, c)) continue;
    if (d < bestScore) {
      best = c;
      bestScore = d;
    }
  }
  return best;
}
