/**
 * The dcos-commons SDK's network/task label string: `k:v,k2:v2`. Parsed exactly the way the SDK's YAML mappers do
 * (split on every comma, then on the first colon, Java `String.split` semantics), so that a label string the SDK
 * would reject is reported before a scheduler crash-loops on it.
 */

export interface SdkLabelParse {
  labels: Array<{ key: string; value: string }>;
  /** Why the SDK would reject the string; absent when it parses. */
  error?: string;
}

/**
 * Parses an SDK label string. An empty string (or absent value) means "no labels". Never throws; problems come back
 * as `error` with the SDK's reason: empty piece (leading or doubled comma, blank string), a piece without a colon,
 * or a repeated key.
 */
export function parseSdkLabels(source: string | null | undefined): SdkLabelParse {
  if (source == null || source === '') return { labels: [] };
  // Java's String.split drops trailing empty strings, so `a:b,` is fine but `,a:b` and `a:b,,c:d` are not.
  const pieces = source.split(',');
  while (pieces.length > 0 && pieces[pieces.length - 1] === '') pieces.pop();
  const labels: Array<{ key: string; value: string }> = [];
  const seen = new Set<string>();
  for (const piece of pieces) {
    const colon = piece.indexOf(':');
    // Java split(":", 2) on a piece ending in ':' yields ["k", ""] (limit > 0 keeps it), on "" yields [""].
    if (piece === '' || colon < 0) {
      return {
        labels,
        error: `labels must be comma-separated key:value pairs (for example k_0:v_0,k_1:v_1); ${JSON.stringify(piece)} has no key:value`,
      };
    }
    const key = piece.slice(0, colon);
    const value = piece.slice(colon + 1);
    if (seen.has(key)) return { labels, error: `label key ${JSON.stringify(key)} is repeated` };
    seen.add(key);
    labels.push({ key, value });
  }
  return { labels };
}
