/**
 * Tokenizer for expressions (the part inside `@( ... )`), following goflow's Excellent grammar:
 * punctuation `, ( ) [ ] . =>`, operators `+ - * / ^ = != < <= > >= &`, text literals in double
 * quotes with Go escapes, integers and decimals, case-insensitive true/false/null, and names made
 * of letters, digits and underscores (not starting with a digit).
 *
 *   tokenize('upper(contact.name) & "!"') -> NAME ( NAME . NAME ) & TEXT EOF
 */
/** Token kinds. Example: 'NAME' for `contact`, 'TEXT' for `"hi"`. */
export type TokenType =
  | 'COMMA' | 'LPAREN' | 'RPAREN' | 'LBRACK' | 'RBRACK' | 'DOT' | 'ARROW'
  | 'PLUS' | 'MINUS' | 'TIMES' | 'DIVIDE' | 'EXPONENT'
  | 'EQ' | 'NEQ' | 'LTE' | 'LT' | 'GTE' | 'GT' | 'AMPERSAND'
  | 'TEXT' | 'INTEGER' | 'DECIMAL' | 'TRUE' | 'FALSE' | 'NULL' | 'NAME'
  | 'ERROR' | 'EOF';

/** One token: its type, raw text and offset in the source. Example: { type: 'NAME', text: 'contact', start: 0 }. */
export interface Token {
  type: TokenType;
  text: string;
  start: number;
}

const PUNCTUATION: [string, TokenType][] = [
  ['=>', 'ARROW'], ['!=', 'NEQ'], ['<=', 'LTE'], ['>=', 'GTE'],
  [',', 'COMMA'], ['(', 'LPAREN'], [')', 'RPAREN'], ['[', 'LBRACK'], [']', 'RBRACK'], ['.', 'DOT'],
  ['+', 'PLUS'], ['-', 'MINUS'], ['*', 'TIMES'], ['/', 'DIVIDE'], ['^', 'EXPONENT'],
  ['=', 'EQ'], ['<', 'LT'], ['>', 'GT'], ['&', 'AMPERSAND'],
];

const NAME_START = /[\p{L}_]/u;
const NAME_PART = /[\p{L}\p{Nd}_]/u;
const DIGIT = /[0-9]/;

export function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const n = src.length;
  while (i < n) {
    const c = src[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    const start = i;
    if (c === '"') {
      i++;
      let closed = false;
      while (i < n) {
        if (src[i] === '\\' && i + 1 < n) {
          i += 2;
          continue;
        }
        if (src[i] === '"') {
          closed = true;
          i++;
          break;
        }
        i++;
      }
      if (!closed) {
        tokens.push({ type: 'ERROR', text: src.slice(start, start + 1), start });
        i = start + 1;
        continue;
      }
      tokens.push({ type: 'TEXT', text: src.slice(start, i), start });
      continue;
    }
    if (DIGIT.test(c)) {
      while (i < n && DIGIT.test(src[i])) i++;
      if (src[i] === '.' && i + 1 < n && DIGIT.test(src[i + 1])) {
        i++;
        while (i < n && DIGIT.test(src[i])) i++;
        tokens.push({ type: 'DECIMAL', text: src.slice(start, i), start });
      } else {
        tokens.push({ type: 'INTEGER', text: src.slice(start, i), start });
      }
      continue;
    }
    const cp = src.codePointAt(i)!;
    const ch = String.fromCodePoint(cp);
    if (NAME_START.test(ch)) {
      i += ch.length;
      while (i < n) {
        const next = String.fromCodePoint(src.codePointAt(i)!);
        if (!NAME_PART.test(next)) break;
        i += next.length;
      }
      const text = src.slice(start, i);
      const lower = text.toLowerCase();
      const type: TokenType = lower === 'true' ? 'TRUE' : lower === 'false' ? 'FALSE' : lower === 'null' ? 'NULL' : 'NAME';
      tokens.push({ type, text, start });
      continue;
    }
    const punct = PUNCTUATION.find(([p]) => src.startsWith(p, i));
    if (punct) {
      tokens.push({ type: punct[1], text: punct[0], start });
      i += punct[0].length;
      continue;
    }
    tokens.push({ type: 'ERROR', text: ch, start });
    i += ch.length;
  }
  tokens.push({ type: 'EOF', text: '', start: n });
  return tokens;
}

/**
 * Decodes a text literal like Go's strconv.Unquote (\n, \t, \", \\, \uXXXX, \UXXXXXXXX, \xHH, octal).
 * If the literal is not a valid Go string (bad escape, raw newline), the quotes are simply removed,
 * as goflow does.
 */
export function unquoteText(literal: string): string {
  const body = literal.slice(1, -1);
  const decoded = goUnquote(body);
  return decoded ?? body;
}

function goUnquote(body: string): string | null {
  if (body.includes('\n')) return null;
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === '"') return null;
    if (c !== '\\') {
      out += c;
      continue;
    }
    const e = body[++i];
    switch (e) {
      case 'a': out += '\x07'; break;
      case 'b': out += '\b'; break;
      case 'f': out += '\f'; break;
      case 'n': out += '\n'; break;
      case 'r': out += '\r'; break;
      case 't': out += '\t'; break;
      case 'v': out += '\v'; break;
      case '\\': out += '\\'; break;
      case '"': out += '"'; break;
      case 'x':
      case 'u':
      case 'U': {
        const len = e === 'x' ? 2 : e === 'u' ? 4 : 8;
        const hex = body.slice(i + 1, i + 1 + len);
        if (hex.length !== len || !/^[0-9a-fA-F]+$/.test(hex)) return null;
        const code = parseInt(hex, 16);
        if (code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return null;
        out += String.fromCodePoint(code);
        i += len;
        break;
      }
      default: {
        if (e !== undefined && /[0-7]/.test(e)) {
          const oct = body.slice(i, i + 3);
          if (!/^[0-7]{3}$/.test(oct)) return null;
          const code = parseInt(oct, 8);
          if (code > 255) return null;
          out += String.fromCharCode(code);
          i += 2;
          break;
        }
        return null;
      }
    }
  }
  return out;
}
