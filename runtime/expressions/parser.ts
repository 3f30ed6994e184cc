/**
 * Parser for expressions into a small syntax tree, with goflow's precedence (highest first):
 *   unary minus, ^, * /, + -, < <= > >=, = !=, &, then lambdas `(a, b) => body`.
 * Property lookups (`.name`, `.0`, `[expr]`) and calls `f(...)` apply only to names, parenthesized
 * expressions and call results, so `"abc".v` or `1.1.0` are syntax errors as in goflow.
 * Nesting deeper than MAX_NESTING_DEPTH is rejected with an error instead of overflowing the stack.
 *
 *   parseExpression('upper(contact.name)') -> { t: 'call', callee: { t: 'ref', name: 'upper' }, args: [...] }
 */
import type { Decimal } from 'decimal.js';
import { Dec } from './values.js';
import { MAX_NESTING_DEPTH } from './limits.js';
import { tokenize, unquoteText, type Token, type TokenType } from './lexer.js';

/** Binary operators. Example: '&' concatenates text. */
export type BinaryOp = '^' | '*' | '/' | '+' | '-' | '<' | '<=' | '>' | '>=' | '=' | '!=' | '&';

/** A node of the expression tree. Example: `{ t: 'bin', op: '+', left: ..., right: ... }`. */
export type Node =
  | { t: 'text'; value: string }
  | { t: 'number'; value: Decimal }
  | { t: 'bool'; value: boolean }
  | { t: 'null' }
  | { t: 'ref'; name: string }
  | { t: 'dot'; target: Node; key: string }
  | { t: 'index'; target: Node; index: Node }
  | { t: 'call'; callee: Node; args: Node[] }
  | { t: 'neg'; operand: Node }
  | { t: 'bin'; op: BinaryOp; left: Node; right: Node }
  | { t: 'lambda'; params: string[]; body: Node }
  | { t: 'paren'; inner: Node };

/** Most binary operators in one expression (each one deepens the tree evaluation walks). */
const MAX_OPERATORS = MAX_NESTING_DEPTH * 10;

/** A parse failure, carrying goflow's message (e.g. "syntax error at 'x'"). */
export class ExpressionSyntaxError extends Error {}

const LEVELS: { ops: Partial<Record<TokenType, BinaryOp>> }[] = [
  { ops: { AMPERSAND: '&' } },
  { ops: { EQ: '=', NEQ: '!=' } },
  { ops: { LTE: '<=', LT: '<', GTE: '>=', GT: '>' } },
  { ops: { PLUS: '+', MINUS: '-' } },
  { ops: { TIMES: '*', DIVIDE: '/' } },
  { ops: { EXPONENT: '^' } },
];

/** Recursive-descent parser over the token list. Example: `new Parser(src, tokenize(src)).parseAll()`. */
class Parser {
  private pos = 0;
  private depth = 0;
  /** binary operators seen so far: a long chain makes a deep tree even without parentheses */
  private operators = 0;
  constructor(private readonly src: string, private readonly tokens: Token[]) {}

  private peek(offset = 0): Token {
    return this.tokens[Math.min(this.pos + offset, this.tokens.length - 1)];
  }

  private next(): Token {
    const t = this.peek();
    if (this.pos < this.tokens.length - 1) this.pos++;
    return t;
  }

  private fail(at: Token): never {
    throw new ExpressionSyntaxError(`syntax error at ${this.src.slice(at.start)}`);
  }

  private expect(type: TokenType): Token {
    const t = this.peek();
    if (t.type !== type) this.fail(t);
    return this.next();
  }

  private enter(): void {
    if (++this.depth > MAX_NESTING_DEPTH) {
      throw new ExpressionSyntaxError(`expression is nested too deeply (more than ${MAX_NESTING_DEPTH} levels)`);
    }
  }

  parseAll(): Node {
    const node = this.expression();
    if (this.peek().type !== 'EOF') this.fail(this.peek());
    return node;
  }

  private expression(): Node {
    this.enter();
    try {
      if (this.isLambdaStart()) return this.lambda();
      return this.binary(0);
    } finally {
      this.depth--;
    }
  }

  private isLambdaStart(): boolean {
    if (this.peek().type !== 'LPAREN') return false;
    let i = 1;
    if (this.peek(i).type !== 'NAME') return false;
    i++;
    while (this.peek(i).type === 'COMMA' && this.peek(i + 1).type === 'NAME') i += 2;
    return this.peek(i).type === 'RPAREN' && this.peek(i + 1).type === 'ARROW';
  }

  private lambda(): Node {
    this.expect('LPAREN');
    const params = [this.expect('NAME').text.toLowerCase()];
    while (this.peek().type === 'COMMA') {
      this.next();
      params.push(this.expect('NAME').text.toLowerCase());
    }
    this.expect('RPAREN');
    this.expect('ARROW');
    return { t: 'lambda', params, body: this.expression() };
  }

  private binary(level: number): Node {
    if (level >= LEVELS.length) return this.unary();
    let left = this.binary(level + 1);
    for (;;) {
      const op = LEVELS[level].ops[this.peek().type];
      if (!op) return left;
      if (++this.operators > MAX_OPERATORS) {
        throw new ExpressionSyntaxError(`expression has too many operators (more than ${MAX_OPERATORS})`);
      }
      this.next();
      // a lambda can only start an operand at the lowest level; elsewhere operands are plain
      const right = this.isLambdaStart() ? this.lambda() : this.binary(level + 1);
      left = { t: 'bin', op, left, right };
    }
  }

  private unary(): Node {
    if (this.peek().type === 'MINUS') {
      this.next();
      this.enter();
      try {
        return { t: 'neg', operand: this.unary() };
      } finally {
        this.depth--;
      }
    }
    return this.primary();
  }

  private primary(): Node {
    const t = this.peek();
    switch (t.type) {
      case 'TEXT':
        this.next();
        return { t: 'text', value: unquoteText(t.text) };
      case 'INTEGER':
      case 'DECIMAL':
        this.next();
        return { t: 'number', value: new Dec(t.text) };
      case 'TRUE':
        this.next();
        return { t: 'bool', value: true };
      case 'FALSE':
        this.next();
        return { t: 'bool', value: false };
      case 'NULL':
        this.next();
        return { t: 'null' };
      case 'NAME':
      case 'LPAREN':
        return this.atom();
      default:
        this.fail(t);
    }
  }

  private atom(): Node {
    let node: Node;
    const t = this.next();
    if (t.type === 'NAME') {
      node = { t: 'ref', name: t.text.toLowerCase() };
    } else {
      node = { t: 'paren', inner: this.expression() };
      this.expect('RPAREN');
    }
    let postfixes = 0;
    for (;;) {
      const p = this.peek();
      if (p.type === 'LPAREN') {
        this.next();
        const args: Node[] = [];
        if (this.peek().type !== 'RPAREN') {
          args.push(this.expression());
          while (this.peek().type === 'COMMA') {
            this.next();
            args.push(this.expression());
          }
        }
        this.expect('RPAREN');
        node = { t: 'call', callee: node, args };
      } else if (p.type === 'DOT') {
        this.next();
        const key = this.peek();
        if (key.type !== 'NAME' && key.type !== 'INTEGER' && key.type !== 'TRUE' && key.type !== 'FALSE' && key.type !== 'NULL') this.fail(p);
        this.next();
        node = { t: 'dot', target: node, key: key.text };
      } else if (p.type === 'LBRACK') {
        this.next();
        const index = this.expression();
        this.expect('RBRACK');
        node = { t: 'index', target: node, index };
      } else {
        return node;
      }
      if (++postfixes > MAX_NESTING_DEPTH * 10) {
        throw new ExpressionSyntaxError(`expression has too many lookups (more than ${MAX_NESTING_DEPTH * 10})`);
      }
    }
  }
}

/** Parses an expression; throws ExpressionSyntaxError with goflow's message on bad syntax. */
export function parseExpression(src: string): Node {
  return new Parser(src, tokenize(src)).parseAll();
}
