/// <reference types="vite/client" />

// The Monaco core with all editor features but no languages (the JSON language is added on its own);
// its API types are those of editor.api.
declare module 'monaco-editor/esm/vs/editor/edcore.main.js' {
  export * from 'monaco-editor/esm/vs/editor/editor.api.js';
}
