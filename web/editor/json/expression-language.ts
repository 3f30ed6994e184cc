/**
 * Monaco's language for flow texts and expressions ("kiunga-expression"): `@contact.name`, `@results.age`
 * and `@(…)` blocks coloured, `@@` as an escaped at sign, and completion of the flow's real context.
 * Each editor registers the suggestions of its flow under its model's URI (several fields, one provider).
 *
 *   registerExpressionLanguage(monaco);
 *   setModelCompletions(model.uri.toString(), ['@contact.name', '@results.age']);
 */
import type { monaco as MonacoApi } from './monaco-setup.js';

type Monaco = typeof MonacoApi;

export const EXPRESSION_LANGUAGE = 'kiunga-expression';

const completionsByModel = new Map<string, readonly string[]>();
let registered = false;

export function setModelCompletions(uri: string, completions: readonly string[] | null): void {
  if (completions) completionsByModel.set(uri, completions);
  else completionsByModel.delete(uri);
}

/** Registers the language once (tokens, colours, completion); later calls do nothing. */
export function registerExpressionLanguage(monaco: Monaco): void {
  if (registered) return;
  registered = true;
  monaco.languages.register({ id: EXPRESSION_LANGUAGE });
  monaco.languages.setMonarchTokensProvider(EXPRESSION_LANGUAGE, {
    tokenizer: {
      // In Monarch patterns `@@` stands for one literal "@" (a lone `@name` refers to an attribute).
      root: [
        [/@@@@/, 'string.escape'],
        [/@@\(/, { token: 'delimiter.expression', next: '@expression' }],
        [/@@[a-zA-Z_][\w]*(\.[\w]+)*/, 'variable'],
        [/[^@@]+/, ''],
        [/@@/, ''],
      ],
      expression: [
        [/\(/, { token: 'delimiter.parenthesis', next: '@push' }],
        [/\)/, { token: 'delimiter.expression', next: '@pop' }],
        [/"([^"\\]|\\.)*"/, 'string'],
        [/\d+(\.\d+)?/, 'number'],
        [/[a-zA-Z_][\w]*(?=\()/, 'keyword'],
        [/[a-zA-Z_][\w]*(\.[\w]+)*/, 'variable'],
        [/[-+*/&=<>!,^]+/, 'operator'],
        [/\s+/, ''],
      ],
    },
  });
  monaco.editor.defineTheme('kiunga-expression', {
    base: 'vs',
    inherit: true,
    rules: [
      { token: 'variable', foreground: '1f4f9c', fontStyle: 'bold' },
      { token: 'delimiter.expression', foreground: '8a4b00', fontStyle: 'bold' },
      { token: 'keyword', foreground: '7a1a72' },
      { token: 'string', foreground: '14532d' },
      { token: 'number', foreground: '14532d' },
      { token: 'string.escape', foreground: '6b7280' },
    ],
    colors: {},
  });
  monaco.languages.registerCompletionItemProvider(EXPRESSION_LANGUAGE, {
    triggerCharacters: ['@', '.'],
    provideCompletionItems(model, position) {
      const before = model.getLineContent(position.lineNumber).slice(0, position.column - 1);
      const typed = /@[\w.]*$/.exec(before);
      if (!typed) return { suggestions: [] };
      const range = new monaco.Range(position.lineNumber, position.column - typed[0].length, position.lineNumber, position.column);
      const options = completionsByModel.get(model.uri.toString()) ?? [];
      return {
        suggestions: options
          .filter((option) => option.toLowerCase().startsWith(typed[0].toLowerCase()))
          .map((option, index) => ({
            label: option,
            kind: monaco.languages.CompletionItemKind.Variable,
            insertText: option,
            range,
            sortText: String(index).padStart(4, '0'),
          })),
      };
    },
  });
}
