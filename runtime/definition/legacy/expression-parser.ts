/**
 * A parser for legacy (RapidPro ≤ 11, "Excellent 1") expressions, the text inside `@( ... )`:
 * Excel-like function calls, `&` concatenation, `=` / `<>` comparisons, `""`-escaped strings and dotted
 * context references such as `contact.first_name` or `flow.1337.value`.
 *
 *   parseLegacyExpression('CONCATENATE(contact.name, "!") & 1 + 2')   // a tree of LegacyNode
 *
 * Precedence, lowest first: `= <>`, `< <= > >=`, `&`, `+ -`, `* /`, `^`, unary minus.
 */

export type LegacyNode =
  | { kind: 'number'; text: string }
  | { kind: 'string'; text: string }
  | { kind: 'bool'; value: boolean }
  | { kind: 'ref'; path: string }
  | { kind: 'call'; name: string; args: LegacyNode[] }
  | { kind: 'paren'; inner: LegacyNode }
  | { kind: 'neg'; inner: LegacyNode }
  | { kind: 'binary'; op: string; left: LegacyNode; right: LegacyNode };

interface Token {
  type: 'num' | 'str' | 'name' | 'op' | 'lparen' | 'rparen' | 'comma';
  text: string;
}

export class LegacyParseError extends Error {}

function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const ch = src[i]!;
    if (/\s/.test(ch)) {
      i++;
    } else if (ch === '"') {
      let j = i + 1;
      for (;;) {
        if (j >= src.length) throw new LegacyParseError('unterminated string');
        if (src[j] === '"') {
          if (src[j + 1] === '"') j += 2;
          else break;
        } else j++;
      }
      tokens.push({ type: 'str', text: src.slice(i, j + 1) });
      i = j + 1;
    } else if (/[0-9]/.test(ch)) {
      const m = /^[0-9]+(\.[0-9]+)?/.exec(src.slice(i))!;
      tokens.push({ type: 'num', text: m[0] });
      i += m[0].length;
    } else if (/[A-Za-z_]/.test(ch)) {
      const m = /^[A-Za-z_][A-Za-z0-9_.]*/.exec(src.slice(i))!;
      let name = m[0];
      while (name.endsWith('.')) name = name.slice(0, -1);
      tokens.push({ type: 'name', text: name });
      i += name.length;
    } else if (ch === '(') {
      tokens.push({ type: 'lparen', text: ch });
      i++;
    } else if (ch === ')') {
      tokens.push({ type: 'rparen', text: ch });
      i++;
    } else if (ch === ',') {
      tokens.push({ type: 'comma', text: ch });
      i++;
    } else {
      const two = src.slice(i, i + 2);
      if (two === '<=' || two === '>=' || two === '<>' || two === '!=') {
        tokens.push({ type: 'op', text: two });
        i += 2;
      } else if ('+-*/^&=<>'.includes(ch)) {
        tokens.push({ type: 'op', text: ch });
        i++;
      } else {
        throw new LegacyParseError(`unexpected character '${ch}'`);
      }
    }
  }
  return tokens;
}

const LEVELS: string[][] = [['=', '<>', '!='], ['<', '<=', '>', '>='], ['&'], ['+', '-'], ['*', '/'], ['^']];

export function parseLegacyExpression(src: string): LegacyNode {
  const tokens = tokenize(src);
  let pos = 0;
  const peek = () => tokens[pos];
  const expect = (type: Token['type']) => {
    const t = tokens[pos];
    if (!t || t.type !== type) throw new LegacyParseError(`expected ${type}`);
    pos++;
    return t;
  };

  const parseLevel = (level: number): LegacyNode => {
    if (level >= LEVELS.length) return parseUnary();
    let left = parseLevel(level + 1);
    for (;;) {
      const t = peek();
      if (!t || t.type !== 'op' || !LEVELS[level]!.includes(t.text)) return left;
      pos++;
      const right = parseLevel(level + 1);
      left = { kind: 'binary', op: t.text === '!=' ? '<>' : t.text, left, right };
    }
  };

  const parseUnary = (): LegacyNode => {
    const t = peek();
    if (t && t.type === 'op' && t.text === '-') {
      pos++;
      return { kind: 'neg', inner: parseUnary() };
    }
    return parsePrimary();
  };

  const parsePrimary = (): LegacyNode => {
    const t = peek();
    if (!t) throw new LegacyParseError('unexpected end of expression');
    pos++;
    switch (t.type) {
      case 'num':
        return { kind: 'number', text: t.text };
      case 'str':
        return { kind: 'string', text: t.text };
      case 'lparen': {
        const inner = parseLevel(0);
        expect('rparen');
        return { kind: 'paren', inner };
      }
      case 'name': {
        const next = peek();
        if (next && next.type === 'lparen' && !t.text.includes('.')) {
          pos++;
          const args: LegacyNode[] = [];
          if (peek()?.type !== 'rparen') {
            args.push(parseLevel(0));
            while (peek()?.type === 'comma') {
              pos++;
              args.push(parseLevel(0));
            }
          }
          expect('rparen');
          return { kind: 'call', name: t.text.toLowerCase(), args };
        }
        const lower = t.text.toLowerCase();
        if (lower === 'true' || lower === 'false') return { kind: 'bool', value: lower === 'true' };
        return { kind: 'ref', path: t.text };
      }
      default:
        throw new LegacyParseError(`unexpected '${t.text}'`);
    }
  };

  const tree = parseLevel(0);
  if (pos < tokens.length) throw new LegacyParseError(`unexpected '${tokens[pos]!.text}'`);
  return tree;
}
