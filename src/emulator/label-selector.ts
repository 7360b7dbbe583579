/**
 * Marathon's label selector for `GET /v2/apps?label=...`: a comma-separated AND of `key`, `key==v`, `key!=v`,
 * `key in (a,b)`, `key notin (a,b)`. Terms are `[-A-Za-z0-9_.]` or backslash-escaped characters. Every form requires
 * the key to exist (also `!=` and `notin`), as in Marathon.
 */

/** One parsed term. */
interface Term {
  key: string;
  op: 'exists' | '==' | '!=' | 'in' | 'notin';
  values: string[];
}

/** A parsed selector. */
export interface LabelSelector {
  matches(labels: Readonly<Record<string, string>> | undefined): boolean;
}

/** Thrown for a selector that does not parse; the server answers 422 with Marathon's message. */
export class LabelSelectorError extends Error {
  override name = 'LabelSelectorError';
}

/**
 * Parses a selector. Throws LabelSelectorError with Marathon's text
 * `Can not parse label selector <q>. Reason: <r>` when it is malformed.
 */
export function parseLabelSelector(query: string): LabelSelector {
  const terms = splitOutside(query, ',').map((part) => parseTerm(part.trim(), query));
  return {
    matches(labels) {
      return terms.every((term) => {
        const value = labels?.[term.key];
        if (value === undefined) return false;
        switch (term.op) {
          case 'exists':
            return true;
          case '==':
          case 'in':
            return term.values.includes(value);
          case '!=':
          case 'notin':
            return !term.values.includes(value);
        }
      });
    },
  };
}

const TERM = String.raw`(?:[-A-Za-z0-9_.]|\\.)+`;
const EXISTS = new RegExp(`^(${TERM})$`);
const EQUALITY = new RegExp(`^(${TERM})\\s*(==|!=)\\s*(${TERM})$`);
const SET = new RegExp(`^(${TERM})\\s+(in|notin)\\s+\\(\\s*(${TERM}(?:\\s*,\\s*${TERM})*)\\s*\\)$`);

function parseTerm(text: string, query: string): Term {
  let match = EXISTS.exec(text);
  if (match) return { key: unescape(match[1]!), op: 'exists', values: [] };
  match = EQUALITY.exec(text);
  if (match) return { key: unescape(match[1]!), op: match[2] as '==' | '!=', values: [unescape(match[3]!)] };
  match = SET.exec(text);
  if (match) {
    const values = match[3]!.split(/\s*,\s*/).map(unescape);
    return { key: unescape(match[1]!), op: match[2] as 'in' | 'notin', values };
  }
  throw new LabelSelectorError(`Can not parse label selector ${query}. Reason: Can not parse: ${text}`);
}

function unescape(term: string): string {
  return term.replace(/\\(.)/g, '$1');
}

// Commas inside `( )` belong to a set term, escaped commas to a value.
function splitOutside(text: string, separator: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (char === '\\' && i + 1 < text.length) {
      current += char + text[i + 1]!;
      i++;
      continue;
    }
    if (char === '(') depth++;
    if (char === ')') depth--;
    if (char === separator && depth === 0) {
      parts.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  parts.push(current);
  return parts;
}
