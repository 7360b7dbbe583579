/**
 * Calico's selector grammar (libcalico-go/lib/selector/parser/parser.go):
 *
 *   selector  := ε | orExpr EOF
 *   orExpr    := andExpr ("||" andExpr)*
 *   andExpr   := operation ("&&" operation)*
 *   operation := "!"* atom
 *   atom      := has(l) | all() | global() | "(" orExpr ")" | l op "str" | l (in|not in) {"s", ...}
 */
import { SelectorSyntaxError } from '../../errors.js';
import { canonicalSet, type SelectorNode } from './ast.js';
import { tokenize, type Token } from './tokenizer.js';

function describe(token: Token): string {
  if (token.kind === 'label') return `label ${JSON.stringify(token.value)}`;
  if (token.kind === 'string') return `string ${JSON.stringify(token.value)}`;
  if (token.kind === 'has') return `has(${token.value ?? ''})`;
  if (token.kind === 'all' || token.kind === 'global') return `${token.kind}()`;
  if (token.kind === 'eof') return 'end of selector';
  return JSON.stringify(token.kind);
}

/**
 * Parses a selector into its syntax tree; empty or blank input is `all()`.
 * @throws SelectorSyntaxError with the character position of the first problem.
 */
export function parseSelectorNode(source: string): SelectorNode {
  const tokens = tokenize(source);
  let pos = 0;
  const peek = (): Token => tokens[pos]!;
  const fail = (token: Token, message: string): never => {
    throw new SelectorSyntaxError(source, token.index, message);
  };

  const parseOr = (): SelectorNode => {
    const operands = [parseAnd()];
    while (peek().kind === '||') {
      pos++;
      operands.push(parseAnd());
    }
    return operands.length === 1 ? operands[0]! : { kind: 'or', operands };
  };
  const parseAnd = (): SelectorNode => {
    const operands = [parseOperation()];
    while (peek().kind === '&&') {
      pos++;
      operands.push(parseOperation());
    }
    return operands.length === 1 ? operands[0]! : { kind: 'and', operands };
  };
  const parseOperation = (): SelectorNode => {
    let negations = 0;
    while (peek().kind === '!') {
      negations++;
      pos++;
    }
    const atom = parseAtom();
    return negations % 2 === 1 ? { kind: 'not', operand: atom } : atom;
  };
  const expectString = (): string => {
    const token = peek();
    if (token.kind !== 'string') fail(token, token.kind === 'eof' ? 'unexpected end of string looking for string' : `expected string, not ${describe(token)}`);
    pos++;
    return token.value!;
  };
  const parseAtom = (): SelectorNode => {
    const token = peek();
    switch (token.kind) {
      case 'has':
        pos++;
        return { kind: 'has', label: token.value! };
      case 'all':
        pos++;
        return { kind: 'all' };
      case 'global':
        pos++;
        return { kind: 'global' };
      case '(': {
        pos++;
        const inner = parseOr();
        if (peek().kind !== ')') fail(peek(), `expected ), not ${describe(peek())}`);
        pos++;
        return inner;
      }
      case 'label': {
        pos++;
        const label = token.value!;
        const op = peek();
        switch (op.kind) {
          case '==':
          case '!=':
          case 'contains':
          case 'starts with':
          case 'ends with': {
            pos++;
            const value = expectString();
            const kind = op.kind === '==' ? 'eq' : op.kind === '!=' ? 'ne' : op.kind === 'contains' ? 'contains' : op.kind === 'starts with' ? 'startsWith' : 'endsWith';
            return { kind, label, value };
          }
          case 'in':
          case 'not in': {
            pos++;
            if (peek().kind !== '{') fail(peek(), `expected set literal, not ${describe(peek())}`);
            pos++;
            const values: string[] = [];
            while (peek().kind !== '}') {
              values.push(expectString());
              const next = peek();
              if (next.kind === ',') {
                pos++;
              } else if (next.kind !== '}') {
                fail(next, `expected }, not ${describe(next)}`);
              }
            }
            pos++;
            return { kind: op.kind === 'in' ? 'in' : 'notIn', label, values: canonicalSet(values) };
          }
          case 'eof':
            return fail(op, `unexpected end of string looking for op after label ${JSON.stringify(label)}`);
          default:
            return fail(op, `expected == or != not: ${describe(op)}`);
        }
      }
      case 'eof':
        return fail(token, 'unexpected end of selector');
      default:
        return fail(token, `unexpected token: ${describe(token)}`);
    }
  };

  if (peek().kind === 'eof') return { kind: 'all' };
  const root = parseOr();
  if (peek().kind !== 'eof') fail(peek(), `unexpected content at end of selector: ${describe(peek())}`);
  return root;
}
